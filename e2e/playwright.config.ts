import { defineConfig } from '@playwright/test';
import { chromiumLaunchOptions, testVideo } from '../scripts/chromium.mjs';

const port = Number(process.env.E2E_PORT ?? 8810);
const demoPort = port + 2;
const chromium = (video: string, grantCamera = true) => ({
  browserName: 'chromium' as const,
  launchOptions: chromiumLaunchOptions({ video: testVideo(video), grantCamera }),
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
      // The README's demo server as `npm run demo` starts it (sandbox provider), on a fresh SQLite file.
      command: `rm -rf .demo-data && node ../packages/cli/dist/reverify-server.js --port ${demoPort} --data-dir .demo-data --static ../demo/dist --playground --quiet`,
      url: `http://127.0.0.1:${demoPort}/v1/health`,
      reuseExistingServer: false,
    },
  ],
  projects: [
    {
      name: 'script-tag',
      testMatch: /(flow|handoff)\.spec\.ts/,
      use: { ...chromium('face'), pagePath: '/script-tag.html' },
    },
    {
      name: 'npm-build',
      testMatch: /flow\.spec\.ts/,
      use: { ...chromium('face'), pagePath: '/esm.html' },
    },
    { name: 'spa', testMatch: /spa\.spec\.ts/, use: chromium('face') },
    {
      name: 'demo',
      testMatch: /demo\.spec\.ts/,
      use: { ...chromium('face'), baseURL: `http://127.0.0.1:${demoPort}` },
    },
    { name: 'camera-denied', testMatch: /denied\.spec\.ts/, use: chromium('face', false) },
  ],
});
