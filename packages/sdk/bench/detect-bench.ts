/**
 * `pnpm bench:detect`: on-device detection in headless Debian Chromium with
 * the fake camera (a real face), against Google's own sample setup for the
 * same tasks-vision FaceDetector, interleaved frame by frame in the same
 * page (and, as an extra line, MediaPipe's deprecated legacy face_detection
 * solution). Prints progress, then one JSON line:
 *
 * - coldStart: element connected → first analysed frame (fresh browser context, no cache)
 * - startAfterPreload: the same after `Reverify.preload()` finished (interleaved with coldStart)
 * - secondVisit: the same on a later visit, with the HTTP cache (assets served immutable, as the handler does)
 * - detection at 640×480 (≥ 300 frames), the element's whole per-frame
 *   pipeline and the quality gate's share
 * - the baseline: the sample setup's `detectForVideo` on the 640×480 video,
 *   against the element's detection, on the same frames
 * - the legacy solution's detection at 640×480 (extra, in its own page)
 * - main thread vs a worker fed ImageBitmaps: preview frame intervals and frames analysed per second
 *
 * Flags: --frames N (300), --cold-runs N (3), --seconds N (10)
 */
import { mkdtempSync, readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { createRequire } from 'node:module';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, extname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { ASSETS_DIRECTORY, assetManifest } from '@reverify/sdk-assets';
import { chromium } from 'playwright';
import { build } from 'vite';
import { chromiumLaunchOptions, testVideo } from '../../../scripts/chromium.mjs';
import { withoutUsageLogger } from '../../sdk-assets/scripts/prepare.js';

const { values } = parseArgs({
  options: {
    frames: { type: 'string', default: '300' },
    'cold-runs': { type: 'string', default: '3' },
    seconds: { type: 'string', default: '10' },
  },
});
const FRAMES = Number(values.frames);
const COLD_RUNS = Number(values['cold-runs']);
const SECONDS = Number(values.seconds);

const here = dirname(fileURLToPath(import.meta.url));
const sdk = join(here, '..');
const require = createRequire(import.meta.url);
const legacyDir = dirname(require.resolve('@mediapipe/face_detection/face_detection.js'));
const tasksVisionDir = dirname(require.resolve('@mediapipe/tasks-vision'));
const video = testVideo('face');
const log = (message: string) => process.stderr.write(`${message}\n`);

const quantile = (values: number[], q: number) => {
  const sorted = [...values].sort((a, b) => a - b);
  return (
    sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))] ?? Number.NaN
  );
};
const round = (value: number) => Math.round(value * 100) / 100;
const summary = (samples: number[]) => ({
  median: round(quantile(samples, 0.5)),
  p95: round(quantile(samples, 0.95)),
  n: samples.length,
});

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.wasm': 'application/wasm',
  '.json': 'application/json',
};

async function bundlePage(): Promise<string> {
  const manifest = assetManifest();
  const files = {
    visionBundle: manifest['vision_bundle.mjs'],
    wasmLoader: manifest['vision_wasm_internal.js'],
    wasmBinary: manifest['vision_wasm_internal.wasm'],
    wasmLoaderNoSimd: manifest['vision_wasm_nosimd_internal.js'],
    wasmBinaryNoSimd: manifest['vision_wasm_nosimd_internal.wasm'],
    faceModel: manifest['face_detection_short_range.tflite'],
  };
  const out = mkdtempSync(join(tmpdir(), 'reverify-bench-'));
  await build({
    configFile: false,
    logLevel: 'warn',
    define: { __REVERIFY_ASSET_FILES__: JSON.stringify(files) },
    build: {
      outDir: out,
      minify: true,
      lib: { entry: join(here, 'detect-page.ts'), formats: ['es'], fileName: () => 'bench.js' },
    },
  });
  return readFileSync(join(out, 'bench.js'), 'utf8');
}

/**
 * In the page: connects a `<reverify-capture no-consent>` and resolves the
 * milliseconds until its first analysed frame; with `preloadFirst`, after
 * `Reverify.preload()` finished (what an integrator calls on an earlier step).
 */
async function connectUntilReady(preloadFirst: boolean): Promise<number> {
  const sdk = (window as unknown as { Reverify: { preload(o: object): Promise<void> } }).Reverify;
  if (preloadFirst) await sdk.preload({ assetsUrl: '/assets/' });
  const element = document.createElement('reverify-capture');
  element.setAttribute('no-consent', '');
  element.setAttribute('assets-url', '/assets/');
  const started = performance.now();
  const ready = new Promise<void>((resolve) =>
    element.addEventListener('reverify-ready', () => resolve(), { once: true }),
  );
  document.body.append(element);
  await ready;
  return performance.now() - started;
}

/**
 * In the page: the real element guiding a face for `seconds` (its hold set
 * so long that it never captures), the page's animation-frame intervals
 * meanwhile, and how many camera frames it analysed per second (counted at
 * its 320-pixel analysis canvas). `everyFrame` turns the adaptive rate off.
 */
async function elementSmoothness([seconds, everyFrame]: readonly [number, boolean]) {
  let analysed = 0;
  const draw = CanvasRenderingContext2D.prototype.drawImage;
  CanvasRenderingContext2D.prototype.drawImage = function (
    this: CanvasRenderingContext2D,
    ...args: Parameters<typeof draw>
  ) {
    if (this.canvas.width === 320 && args[0] instanceof HTMLVideoElement) analysed += 1;
    return (draw as (...a: unknown[]) => void).apply(this, args);
  } as typeof draw;
  const element = document.createElement('reverify-capture') as HTMLElement & {
    quality: object;
  };
  element.setAttribute('no-consent', '');
  element.setAttribute('assets-url', '/assets/');
  element.setAttribute('manual-capture-after', '600000');
  element.quality = {
    holdMs: 1e9,
    ...(everyFrame ? { maxAnalysesPerSecond: 1000, analysisBusyShare: 1 } : {}),
  };
  const ready = new Promise((resolve) =>
    element.addEventListener('reverify-ready', resolve, { once: true }),
  );
  document.body.append(element);
  await ready;
  const intervals: number[] = [];
  let last = performance.now();
  const started = last;
  analysed = 0;
  // No named inner function: the page gets this function's source as it is.
  while (last - started < seconds * 1000) {
    const now = await new Promise<number>((resolve) => requestAnimationFrame(resolve));
    intervals.push(now - last);
    last = now;
  }
  element.remove();
  return { intervals: intervals.slice(5), analysedPerSecond: analysed / seconds };
}

async function main(): Promise<void> {
  const benchJs = await bundlePage();
  const workerBundle = withoutUsageLogger(
    readFileSync(join(tasksVisionDir, 'vision_bundle.js'), 'utf8'),
  );
  const server = createServer((req, res) => {
    const path = (req.url ?? '/').split('?')[0] as string;
    const send = (body: string | Buffer, type: string, cache = 'no-store') => {
      res.writeHead(200, { 'Content-Type': type, 'Cache-Control': cache });
      res.end(body);
    };
    try {
      if (path === '/')
        return send(
          '<!doctype html><meta charset="utf-8"><body><script type="module" src="/bench.js"></script>',
          TYPES['.html'] as string,
        );
      if (path === '/cold')
        return send(
          '<!doctype html><meta charset="utf-8"><body><script src="/sdk/reverify.iife.js"></script>',
          TYPES['.html'] as string,
        );
      if (path === '/bench.js') return send(benchJs, TYPES['.js'] as string);
      if (path === '/worker.js')
        return send(readFileSync(join(here, 'detect-worker.js')), TYPES['.js'] as string);
      if (path === '/sample/model.tflite')
        return send(
          readFileSync(
            join(ASSETS_DIRECTORY, assetManifest()['face_detection_short_range.tflite']),
          ),
          'application/octet-stream',
        );
      if (path === '/assets/vision_bundle_worker.js')
        return send(workerBundle, TYPES['.js'] as string);
      const [, area, ...rest] = path.split('/');
      const file = rest.join('/');
      if (file.includes('..')) throw new Error('bad path');
      const dir =
        area === 'assets'
          ? ASSETS_DIRECTORY
          : area === 'sdk'
            ? join(sdk, 'dist')
            : area === 'legacy'
              ? legacyDir
              : area === 'tasks-vision'
                ? tasksVisionDir
                : null;
      if (!dir) throw new Error('not found');
      return send(
        readFileSync(join(dir, file)),
        TYPES[extname(file)] ?? 'application/octet-stream',
        // The SDK's assets have content-hashed names: served as the handler serves them.
        area === 'assets' ? 'public, max-age=31536000, immutable' : 'no-store',
      );
    } catch {
      res.writeHead(404).end();
    }
  });
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const launch = chromiumLaunchOptions({ video });
  const browser = await chromium.launch({
    ...launch,
    // Other hosts do not resolve, so a context may run without request routing
    // (which turns the HTTP cache off) and still reach nothing but 127.0.0.1.
    args: [...launch.args, '--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1'],
  });
  const foreignHosts = new Set<string>();
  /** Hosts the sample setup's own tasks-vision build tried to reach (its usage logger); blocked. */
  const sampleForeignHosts = new Set<string>();
  const open = async (path: string, hosts = foreignHosts, { httpCache = false } = {}) => {
    const context = await browser.newContext();
    // Nothing leaves 127.0.0.1: a request elsewhere is recorded, then refused
    // (with the HTTP cache on, by the resolver rules instead of routing).
    if (!httpCache) {
      await context.route('**/*', (route) =>
        new URL(route.request().url()).origin === origin ? route.continue() : route.abort(),
      );
    }
    const page = await context.newPage();
    page.on('request', (request) => {
      const url = new URL(request.url());
      if (url.protocol.startsWith('http') && url.origin !== origin) hosts.add(url.host);
    });
    page.on('console', (m) => {
      if (process.env.BENCH_DEBUG) log(`console: ${m.text().slice(0, 300)}`);
    });
    page.on('requestfailed', (r) => {
      if (process.env.BENCH_DEBUG) log(`failed: ${r.url()}`);
    });
    page.on('response', (r) => {
      if (process.env.BENCH_DEBUG && r.status() >= 400) log(`${r.status()}: ${r.url()}`);
    });
    await page.goto(`${origin}${path}`);
    return { page, close: () => context.close() };
  };

  /** Runs one of detect-page.ts's measurements in a fresh page and returns its samples. */
  const measure = async <T>(name: string, ...args: (string | number)[]): Promise<T> => {
    // Google's sample code is not ours: what it tries to reach is reported apart.
    const session = await open('/', name === 'interleaved' ? sampleForeignHosts : foreignHosts);
    try {
      return (await session.page.evaluate(
        ([fn, params]) =>
          (window.reverifyBench[fn as string] as (...a: unknown[]) => Promise<unknown>)(
            ...(params as unknown[]),
          ),
        [name, args] as const,
      )) as T;
    } finally {
      await session.close();
    }
  };

  try {
    const cold: number[] = [];
    const preloaded: number[] = [];
    const secondVisit: number[] = [];
    // Interleaved: a cold start, then one after preload() (each in a fresh context, nothing cached).
    for (let run = 0; run < COLD_RUNS; run++) {
      log(`cold start ${run + 1}/${COLD_RUNS}…`);
      const { page, close } = await open('/cold');
      cold.push(await page.evaluate(connectUntilReady, false));
      await close();
      log(`start after preload() ${run + 1}/${COLD_RUNS}…`);
      const warm = await open('/cold');
      preloaded.push(await warm.page.evaluate(connectUntilReady, true));
      await warm.close();
      log(`second visit ${run + 1}/${COLD_RUNS}…`);
      const visit = await open('/cold', foreignHosts, { httpCache: true });
      await visit.page.evaluate(connectUntilReady, false);
      await visit.page.reload();
      // Compiled wasm is cached after its first use; a moment lets the cache write land.
      await visit.page.waitForTimeout(500);
      await visit.page.reload();
      secondVisit.push(await visit.page.evaluate(connectUntilReady, false));
      await visit.close();
    }

    log(`detection, ${FRAMES} frames…`);
    const detection = await measure<{
      detect640: number[];
      frameDetect: number[];
      pipeline: number[];
      gateOnly: number[];
      found: number;
    }>('detection', '/assets/', FRAMES);

    log(`baseline (tasks-vision sample setup), ${FRAMES} frames interleaved…`);
    const versus = await measure<{
      ours: number[];
      sample: number[];
      oursFound: number;
      sampleFound: number;
    }>('interleaved', '/assets/', '/tasks-vision/wasm', '/sample/model.tflite', FRAMES);

    log(`extra: legacy face_detection, ${FRAMES} frames…`);
    const baseline = await measure<{ samples: number[]; found: number }>(
      'baseline',
      '/legacy/',
      FRAMES,
    );

    log(`main thread vs worker, ${SECONDS} s each…`);
    type Smoothness = { intervals: number[]; analysedPerSecond: number };
    const main = await measure<Smoothness>('mainThread', '/assets/', SECONDS);
    const inWorker = await measure<Smoothness>('worker', '/worker.js', '/assets/', SECONDS);

    log(`the element guiding, adaptive rate vs every frame, ${SECONDS} s each, interleaved…`);
    const adaptive: number[] = [];
    const everyFrame: number[] = [];
    const rates = { adaptive: [] as number[], everyFrame: [] as number[] };
    for (let run = 0; run < 2; run++) {
      for (const every of [false, true]) {
        const { page, close } = await open('/cold');
        const measured = await page.evaluate(elementSmoothness, [SECONDS, every] as const);
        await close();
        (every ? everyFrame : adaptive).push(...measured.intervals);
        rates[every ? 'everyFrame' : 'adaptive'].push(measured.analysedPerSecond);
      }
    }

    const detect640 = summary(detection.detect640);
    const frameDetect = summary(detection.frameDetect);
    const pipeline = summary(detection.pipeline);
    const legacy = summary(baseline.samples);
    const oursInterleaved = summary(versus.ours);
    const sampleSetup = summary(versus.sample);
    const coldStart = { runs: cold.map(round), median: round(quantile(cold, 0.5)) };
    const warmVisit = { runs: secondVisit.map(round), median: round(quantile(secondVisit, 0.5)) };
    const afterPreload = {
      runs: preloaded.map(round),
      median: round(quantile(preloaded, 0.5)),
    };
    const result = {
      bench: 'detect',
      coldStartMs: coldStart,
      startAfterPreloadMs: { ...afterPreload, how: 'Reverify.preload() awaited, then connected' },
      secondVisitMs: {
        ...warmVisit,
        how: 'the same context after two visits: assets from the HTTP cache, wasm code cached',
      },
      detectionPerFrameMs: {
        ...frameDetect,
        how: '640x480 camera frame -> 320x240 canvas -> FaceDetector',
      },
      detectionFed640Ms: { ...detect640, facesFoundInFrames: detection.found },
      pipeline320Ms: pipeline,
      qualityGateMs: summary(detection.gateOnly),
      baselineSampleSetup: {
        how: 'FilesetResolver.forVisionTasks + detectForVideo(640x480 video), same frames, alternating order',
        oursMs: { ...oursInterleaved, facesFoundInFrames: versus.oursFound },
        sampleMs: { ...sampleSetup, facesFoundInFrames: versus.sampleFound },
      },
      detectionVsBaselineMedianRatio: round(oursInterleaved.median / sampleSetup.median),
      extraLegacyFaceDetection640Ms: { ...legacy, facesFoundInFrames: baseline.found },
      detectionVsLegacyMedianRatio: round(frameDetect.median / legacy.median),
      mainThread: {
        previewFrameIntervalMs: summary(main.intervals),
        analysedPerSecond: round(main.analysedPerSecond),
      },
      worker: {
        previewFrameIntervalMs: summary(inWorker.intervals),
        analysedPerSecond: round(inWorker.analysedPerSecond),
      },
      element: {
        how: 'the real <reverify-capture> guiding a face; its page’s animation-frame intervals',
        adaptiveRate: {
          previewFrameIntervalMs: summary(adaptive),
          analysedPerSecond: rates.adaptive.map(round),
        },
        everyFrame: {
          previewFrameIntervalMs: summary(everyFrame),
          analysedPerSecond: rates.everyFrame.map(round),
        },
      },
      requestsToOtherHosts: [...foreignHosts],
      sampleSetupTriedOtherHosts: [...sampleForeignHosts],
    };
    const targets = {
      detectionMedianWithin12Ms: frameDetect.median <= 12,
      pipelineMedianWithin16Ms: pipeline.median <= 16,
      coldStartWithin1500Ms: coldStart.median <= 1500,
      startAfterPreloadUnderHalfOfCold: afterPreload.median <= coldStart.median / 2,
      secondVisitUnderHalfOfCold: warmVisit.median <= coldStart.median / 2,
      elementPreviewP95Within20Ms: summary(adaptive).p95 <= 20,
      fasterThanBaseline: oursInterleaved.median < sampleSetup.median,
      noThirdPartyRequests: foreignHosts.size === 0,
    };
    process.stdout.write(`${JSON.stringify({ ...result, targets })}\n`);
  } finally {
    await browser.close();
    server.close();
  }
}

await main();
