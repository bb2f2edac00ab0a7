import { defineConfig } from '@playwright/test';
import { chromiumLaunchOptions, testVideo } from '../scripts/chromium.mjs';

const port = Number(process.env.E2E_PORT ?? 8810);
const demoPort = port + 2;
const presencePort = port + 4;
const chromium = (video: string, grantCamera = true, asPerson = false) => ({
  browserName: 'chromium' as const,
  launchOptions: chromiumLaunchOptions({ video: testVideo(video), grantCamera, asPerson }),
});
/**
 * A presence project: the local matcher's server, a browser that does not
 * announce automation, and the presence tests written for its video.
 */
const presence = (video: string, grep: RegExp) => ({
  testMatch: /presence\.spec\.ts/,
  grep,
  use: {
    ...chromium(video, true, true),
    baseURL: `http://127.0.0.1:${presencePort}`,
    pagePath: '/script-tag.html',
  },
});

// Debian's Chromium only (never a downloaded browser); the fake camera plays a real face.
export default defineConfig<{ pagePath: string }>({
  testDir: 'tests',
  fullyParallel: false,
  workers: 1,
  timeout: 60_000,
  expect: { timeout: 20_000 },
  reporter: [['list']],
  use: { baseURL: `http://127.0.0.1:${port}` },
  webServer: [
    {
      command: 'tsx server.ts',
      url: `http://127.0.0.1:${port}/v1/health`,
      reuseExistingServer: false,
      env: { E2E_PORT: String(port) },
      stdout: 'pipe',
    },
    {
      // The same server on the local matcher, which verifies the head-turn challenge.
      command: 'tsx server.ts',
      url: `http://127.0.0.1:${presencePort}/v1/health`,
      reuseExistingServer: false,
      env: { E2E_PORT: String(presencePort), E2E_PROVIDER: 'local' },
      stdout: 'pipe',
      timeout: 120_000,
    },
    {
      // The README's demo server as `npm run demo` starts it (sandbox provider), on a fresh SQLite file.
      command: `rm -rf .demo-data && node ../packages/cli/dist/reverify-server.js --port ${demoPort} --data-dir .demo-data --static ../demo/dist --playground --quiet`,
      url: `http://127.0.0.1:${demoPort}/v1/health`,
      reuseExistingServer: false,
    },
  ],
  projects: [
    {
      name: 'script-tag',
      testMatch: /(flow|handoff|states)\.spec\.ts/,
      use: { ...chromium('face'), pagePath: '/script-tag.html' },
    },
    {
      name: 'npm-build',
      testMatch: /flow\.spec\.ts/,
      use: { ...chromium('face'), pagePath: '/esm.html' },
    },
    { name: 'spa', testMatch: /(spa|react)\.spec\.ts/, use: chromium('face') },
    {
      name: 'demo',
      testMatch: /demo\.spec\.ts/,
      use: { ...chromium('face'), baseURL: `http://127.0.0.1:${demoPort}` },
    },
    { name: 'camera-denied', testMatch: /denied\.spec\.ts/, use: chromium('face', false) },
    {
      // WebAuthn refuses an IP address as a relying party: the same server, by name.
      name: 'methods',
      testMatch: /methods\.spec\.ts/,
      use: { ...chromium('face'), baseURL: `http://localhost:${port}` },
    },
    {
      // The README's "Use it" as written; the spec starts its own reverify-server on this port.
      name: 'readme',
      testMatch: /readme\.spec\.ts/,
      use: { ...chromium('face'), baseURL: `http://127.0.0.1:${port + 6}` },
    },
    // Each fake-camera video is a launch flag, so each presentation is a project.
    { name: 'presence-head-turn', ...presence('head-turn', /a head that turns as asked/) },
    { name: 'presence-still-photo', ...presence('face', /a still photo on the camera/) },
    { name: 'presence-one-way', ...presence('head-turn-left', /turns only one way/) },
    { name: 'presence-flat-photo', ...presence('flat-turn', /turned in front of the camera/) },
  ],
});
