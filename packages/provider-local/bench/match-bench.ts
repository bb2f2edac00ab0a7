/**
 * `pnpm bench:match`: the local matcher on this machine. Prints progress,
 * then one JSON line: model load time, per-selfie latency (p50/p99, 1 thread,
 * sequential), matches per second with the pool (one thread per core) next
 * to one thread measured in the same run, and peak memory (RSS, workers
 * included: they are threads of this process).
 *
 * Flags: --selfies N (60 sequential), --burst N (120 for throughput)
 */
import { availableParallelism } from 'node:os';
import { parseArgs } from 'node:util';
import { sanitizeImage } from '@reverify/server';
import sharp from 'sharp';
import { createLocalProvider, type LocalProvider } from '../src/provider.js';
import { STANDALONE_CONTEXT } from '../src/standalone-context.js';
import { PHOTOS, requireMedia, variantsOfA } from '../src/testing/faces.js';
import { distinctJpeg } from '../src/testing/presentations.js';

requireMedia();
const { values } = parseArgs({
  options: {
    selfies: { type: 'string', default: '60' },
    burst: { type: 'string', default: '120' },
  },
});
const SELFIES = Number(values.selfies);
const BURST = Number(values.burst);
const log = (message: string) => process.stderr.write(`${message}\n`);
const quantile = (samples: number[], q: number) => {
  const sorted = [...samples].sort((a, b) => a - b);
  return (
    sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))] ?? Number.NaN
  );
};
const round = (value: number, digits = 1) => Math.round(value * 10 ** digits) / 10 ** digits;

let peakRss = process.memoryUsage().rss;
const sampler = setInterval(() => {
  peakRss = Math.max(peakRss, process.memoryUsage().rss);
}, 50);
const context = STANDALONE_CONTEXT;

async function started(threads: number): Promise<{ provider: LocalProvider; loadMs: number }> {
  const provider = createLocalProvider({ threads, maxQueue: BURST });
  const begin = performance.now();
  await provider.start(context);
  return { provider, loadMs: performance.now() - begin };
}

// Each call gets distinct bytes: the provider reuses an analysis of the very same bytes.
let serial = 0;
const nextSerial = () => {
  serial += 1;
  return serial;
};

async function throughput(provider: LocalProvider, selfies: Uint8Array[]): Promise<number> {
  const begin = performance.now();
  await Promise.all(
    Array.from({ length: BURST }, (_, i) =>
      provider.analyse(distinctJpeg(selfies[i % selfies.length] as Uint8Array, nextSerial())),
    ),
  );
  return BURST / ((performance.now() - begin) / 1000);
}

// Typical captures: 1280-pixel-wide JPEGs of person A's edits, sanitized like uploads.
const selfies = await Promise.all(
  Object.values(await variantsOfA()).map(
    async (bytes) =>
      (await sanitizeImage(await sharp(bytes).resize(1280).jpeg({ quality: 90 }).toBuffer())).bytes,
  ),
);
const noFace = (await sanitizeImage(await sharp(PHOTOS.noFace).jpeg().toBuffer())).bytes;

const threads = availableParallelism();
log(
  `pool of ${threads} threads (measured first, so its peak memory is its own): load, throughput…`,
);
const pool = await started(threads);
await Promise.all(
  Array.from({ length: threads }, () => pool.provider.analyse(selfies[0] as Uint8Array)),
);
const poolRate = await throughput(pool.provider, selfies);
await pool.provider.close();
const poolPeakRss = peakRss;

log('one thread: load, sequential latency, throughput…');
const single = await started(1);
await single.provider.analyse(selfies[0] as Uint8Array);
const latency: number[] = [];
const wall: number[] = [];
for (let i = 0; i < SELFIES; i++) {
  const begin = performance.now();
  const selfie = distinctJpeg(selfies[i % selfies.length] as Uint8Array, nextSerial());
  const analysis = await single.provider.analyse(selfie);
  wall.push(performance.now() - begin);
  latency.push(analysis.ms);
}
const noFaceMs = (await single.provider.analyse(noFace)).ms;
const singleRate = await throughput(single.provider, selfies);
await single.provider.close();
clearInterval(sampler);

const result = {
  bench: 'match',
  modelLoadMs: { oneThread: Math.round(single.loadMs), pool: Math.round(pool.loadMs), threads },
  perSelfieMs: {
    p50: round(quantile(latency, 0.5)),
    p99: round(quantile(latency, 0.99)),
    wallP50: round(quantile(wall, 0.5)),
    noFace: round(noFaceMs),
    selfies: SELFIES,
  },
  matchesPerSecond: {
    pool: round(poolRate),
    oneThread: round(singleRate),
    ratio: round(poolRate / singleRate, 2),
    burst: BURST,
  },
  peakRssMb: Math.round(poolPeakRss / 1024 / 1024),
};
const targets = {
  p50Within150Ms: result.perSelfieMs.p50 <= 150,
  atLeast12MatchesPerSecond: result.matchesPerSecond.pool >= 12,
  peakMemoryWithin600Mb: result.peakRssMb <= 600,
};
process.stdout.write(`${JSON.stringify({ ...result, targets })}\n`);
