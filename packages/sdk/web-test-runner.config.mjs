// Component tests in Debian's Chromium (never a downloaded browser), with
// Chromium's fake camera fed from videos made of real photos by
// scripts/test-media.sh. Each group launches its own browser because the
// camera video is a launch flag.
import { fileURLToPath } from 'node:url';
import { esbuildPlugin } from '@web/dev-server-esbuild';
import { playwrightLauncher } from '@web/test-runner-playwright';
import { chromiumLaunchOptions, testVideo } from '../../scripts/chromium.mjs';

const root = fileURLToPath(new URL('../..', import.meta.url));

function chromium(video, { grantCamera = true } = {}) {
  return playwrightLauncher({
    product: 'chromium',
    launchOptions: chromiumLaunchOptions({ video: testVideo(video), grantCamera }),
  });
}

const component = 'src/components/reverify-capture';

export default {
  rootDir: root,
  nodeResolve: { exportConditions: ['browser', 'development'] },
  plugins: [
    esbuildPlugin({
      ts: true,
      target: 'es2022',
      tsconfig: fileURLToPath(new URL('./tsconfig.json', import.meta.url)),
    }),
  ],
  concurrency: 1,
  // MediaPipe logs every graph start to the console; keep real messages only.
  filterBrowserLogs: ({ args }) =>
    !/gl_context|XNNPACK|Graph (successfully|finished)|feedback|GL Driver/.test(String(args[0])),
  testFramework: { config: { timeout: 30000 } },
  testsFinishTimeout: 240000,
  groups: [
    { name: 'face', files: `${component}/reverify-capture.test.ts`, browsers: [chromium('face')] },
    {
      name: 'no-face',
      files: `${component}/reverify-capture.no-face.test.ts`,
      browsers: [chromium('no-face')],
    },
    {
      name: 'two-faces',
      files: `${component}/reverify-capture.two-faces.test.ts`,
      browsers: [chromium('two-faces')],
    },
    {
      name: 'handoff',
      files: 'src/components/reverify-handoff/reverify-handoff.test.ts',
      browsers: [chromium('face')],
    },
    {
      name: 'fallback',
      files: `${component}/reverify-capture.fallback.test.ts`,
      browsers: [chromium('face')],
    },
    {
      name: 'denied',
      files: `${component}/reverify-capture.denied.test.ts`,
      browsers: [chromium('face', { grantCamera: false })],
    },
    {
      name: 'methods',
      files: 'src/components/{reverify-methods,reverify-factors}/*.test.ts',
      browsers: [chromium('face')],
    },
  ],
};
