// Debian's Chromium (never a downloaded browser) with the launch flags that
// work on these machines and Chromium's fake camera playing the videos that
// scripts/test-media.sh makes from real photos. Shared by the component
// tests, the end-to-end tests and the benchmarks.
import { fileURLToPath } from 'node:url';

/** Where Debian installs Chromium; `$CHROMIUM_PATH` overrides it. */
export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

const FLAGS = [
  '--headless=new',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--use-fake-device-for-media-stream',
];

/**
 * The path of a test video made by scripts/test-media.sh.
 *
 * @param {string} name the video's name, e.g. `face`
 * @returns {string}
 */
export function testVideo(name) {
  return fileURLToPath(new URL(`../.cache/test-media/${name}.y4m`, import.meta.url));
}

/**
 * Playwright launch options for headless Debian Chromium with the fake camera.
 *
 * @param {{ video?: string, grantCamera?: boolean, asPerson?: boolean }} [options]
 *   `video`: the `.y4m` file the camera plays (default: Chromium's test
 *   pattern); `grantCamera`: answer the camera prompt with yes (default
 *   `true`); `asPerson`: hide that automation drives the browser
 *   (`navigator.webdriver` false), as for a person at a real browser, so the
 *   presence check does not flag it (default `false`).
 * @returns {{ executablePath: string, args: string[] }}
 */
export function chromiumLaunchOptions({ video, grantCamera = true, asPerson = false } = {}) {
  return {
    executablePath: CHROMIUM_PATH,
    args: [
      ...FLAGS,
      ...(grantCamera ? ['--use-fake-ui-for-media-stream'] : []),
      ...(asPerson ? ['--disable-blink-features=AutomationControlled'] : []),
      ...(video ? [`--use-file-for-fake-video-capture=${video}`] : []),
    ],
  };
}
