/** Where Debian installs Chromium; `$CHROMIUM_PATH` overrides it. */
export declare const CHROMIUM_PATH: string;
/** The path of a test video made by scripts/test-media.sh, e.g. `testVideo('face')`. */
export declare function testVideo(name: string): string;
/**
 * Playwright launch options for headless Debian Chromium with the fake
 * camera: `video` is the `.y4m` file it plays (default: Chromium's test
 * pattern); `grantCamera` answers the camera prompt with yes (default `true`);
 * `asPerson` hides that automation drives the browser (`navigator.webdriver`
 * false), so the presence check does not flag it (default `false`).
 */
export declare function chromiumLaunchOptions(options?: {
  video?: string;
  grantCamera?: boolean;
  asPerson?: boolean;
}): { executablePath: string; args: string[] };
