/**
 * `pnpm bench:size`: what a page downloads for Reverify — the built SDK and
 * its assets (`@reverify/sdk-assets`) served by the handler as the CLI
 * serves them (run `pnpm build` first) — and what a second visit downloads again.
 * Prints one JSON line. Budgets: our JavaScript ≤ 25 KB min+gzip (we count
 * the script-tag build, Lit included); first-load bytes with brotli ≤ 3.0 MB.
 */
import { readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { ASSETS_DIRECTORY, assetManifest } from '@reverify/sdk-assets';
import { createMemoryStore, createReverifyHandler, resolveSdkDirectory } from '@reverify/server';
import { toNodeListener } from '@reverify/server/node';
import { chromium } from 'playwright';
import { chromiumLaunchOptions } from '../../../scripts/chromium.mjs';

const sdkDirectory = resolveSdkDirectory();
if (!sdkDirectory) throw new Error('@reverify/sdk is not installed');
const dist: string = sdkDirectory;
const manifest = assetManifest();
/** A served file: `assets/…` from the assets package, the rest from the SDK's dist. */
const path = (file: string) =>
  file.startsWith('assets/') ? join(ASSETS_DIRECTORY, file.slice(7)) : join(dist, file);
const bytes = (file: string) => readFileSync(path(file)).length;
const gzip = (file: string) => gzipSync(readFileSync(path(file)), { level: 9 }).length;
const brotli = (file: string) => bytes(`${file}.br`);
const asset = (name: string) => `assets/${manifest[name]}`;
const kb = (n: number) => Math.round((n / 1024) * 10) / 10;

const sdkEsmFiles = [
  'reverify.js',
  ...(readFileSync(join(dist, 'reverify.js'), 'utf8')
    .match(/"\.\/([^"]+\.js)"/g)
    ?.map((m) => m.slice(3, -1)) ?? []),
];
const firstLoad = [
  'reverify.iife.js',
  asset('vision_bundle.mjs'),
  asset('vision_wasm_internal.js'),
  asset('vision_wasm_internal.wasm'),
  asset('face_detection_short_range.tflite'),
];

async function secondVisit(): Promise<{
  firstVisitBytes: number;
  secondVisitBytes: number;
  secondVisitAssetRequests: string[];
}> {
  const handler = await createReverifyHandler({
    mode: 'sandbox',
    secretKeys: ['sk_test_sizesizesizesizesizesizesizesize'],
    store: createMemoryStore(),
    sdkDirectory: dist,
    assetsDirectory: ASSETS_DIRECTORY,
    sweepIntervalMs: 0,
  });
  const page =
    '<!doctype html><meta charset="utf-8"><body><script src="/sdk/reverify.iife.js"></script><reverify-capture no-consent></reverify-capture>';
  const server = createServer((req, res) => {
    if (req.url === '/') {
      res
        .writeHead(200, { 'Content-Type': 'text/html; charset=utf-8', 'Cache-Control': 'no-cache' })
        .end(page);
      return;
    }
    void toNodeListener(handler)(req, res);
  });
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const browser = await chromium.launch(chromiumLaunchOptions());
  const context = await browser.newContext();
  const tab = await context.newPage();
  const cdp = await context.newCDPSession(tab);
  await cdp.send('Network.enable');
  let transferred = 0;
  const fromNetwork: string[] = [];
  const urls = new Map<string, string>();
  const cached = new Set<string>();
  cdp.on('Network.requestWillBeSent', (e) => urls.set(e.requestId, e.request.url));
  cdp.on('Network.requestServedFromCache', (e) => cached.add(e.requestId));
  cdp.on('Network.responseReceived', (e) => {
    if (e.response.fromDiskCache || e.response.fromPrefetchCache) cached.add(e.requestId);
  });
  cdp.on('Network.loadingFinished', (e) => {
    transferred += e.encodedDataLength;
    if (!cached.has(e.requestId)) fromNetwork.push(urls.get(e.requestId) ?? '');
  });
  const visit = async () => {
    transferred = 0;
    fromNetwork.length = 0;
    await tab.goto(origin);
    await tab.waitForFunction(
      () => document.querySelector('reverify-capture')?.getAttribute('state') === 'live',
      null,
      { timeout: 30_000 },
    );
    return { bytes: transferred, requests: [...fromNetwork] };
  };
  const first = await visit();
  const second = await visit();
  await browser.close();
  server.close();
  await handler.close();
  return {
    firstVisitBytes: first.bytes,
    secondVisitBytes: second.bytes,
    // Content-hashed assets that went to the network again instead of the cache.
    secondVisitAssetRequests: second.requests.filter((url) => url.includes('/assets/')),
  };
}

const sdkIifeGzip = gzip('reverify.iife.js');
const totalBrotli = firstLoad.reduce((sum, file) => sum + brotli(file), 0);
const visits = await secondVisit();
const result = {
  bench: 'size',
  sdkJs: {
    scriptTagMinGzipKb: kb(sdkIifeGzip),
    scriptTagMinBrotliKb: kb(brotli('reverify.iife.js')),
    npmBuildWithoutLitMinGzipKb: kb(sdkEsmFiles.reduce((sum, file) => sum + gzip(file), 0)),
  },
  mediapipeJs: {
    minGzipKb: kb(gzip(asset('vision_bundle.mjs'))),
    brotliKb: kb(brotli(asset('vision_bundle.mjs'))),
  },
  wasmLoaderJs: { brotliKb: kb(brotli(asset('vision_wasm_internal.js'))) },
  wasm: {
    bytes: bytes(asset('vision_wasm_internal.wasm')),
    brotliKb: kb(brotli(asset('vision_wasm_internal.wasm'))),
  },
  model: {
    bytes: bytes(asset('face_detection_short_range.tflite')),
    brotliKb: kb(brotli(asset('face_detection_short_range.tflite'))),
  },
  totalFirstLoadBrotliMb: Math.round((totalBrotli / 1024 / 1024) * 1000) / 1000,
  measuredFirstVisitMb: Math.round((visits.firstVisitBytes / 1024 / 1024) * 1000) / 1000,
  secondVisitKb: kb(visits.secondVisitBytes),
  secondVisitAssetDownloads: visits.secondVisitAssetRequests.length,
};
const targets = {
  sdkJsWithin25KbGzip: sdkIifeGzip <= 25 * 1024,
  firstLoadWithin3MbBrotli: totalBrotli <= 3 * 1024 * 1024,
  secondVisitDownloadsNoAssets: visits.secondVisitAssetRequests.length === 0,
};
process.stdout.write(`${JSON.stringify({ ...result, targets })}\n`);
