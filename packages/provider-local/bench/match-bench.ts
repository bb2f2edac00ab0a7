/**
 * `pnpm bench:match`: the local matcher on this machine. Prints progress,
 * then one JSON line: model load time, per-selfie latency (p50/p99, 1 thread,
 * sequential, interleaved selfie by selfie with a thread running the models
 * exactly as published, unfused, as the baseline), matches per second with the pool (one thread per core) next
 * to one thread, both warmed up alike and measured in interleaved rounds,
 * the genuine and impostor similarity ranges on the calibration photos
 * (so a faster path cannot quietly get worse), and the pool's peak memory
 * (RSS, workers included: they are threads of this process).
 *
 * Flags: --selfies N (60 sequential), --burst N (120 for throughput, over 3 rounds)
 */
import { availableParallelism } from 'node:os';
import { parseArgs } from 'node:util';
import { sanitizeImage } from '@reverify/server';
import sharp from 'sharp';
import { cosineSimilarity } from '../src/decision.js';
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

async function started(
  threads: number,
  fuseModels = true,
): Promise<{ provider: LocalProvider; loadMs: number }> {
  const provider = createLocalProvider({ threads, maxQueue: BURST, fuseModels });
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

async function throughput(
  provider: LocalProvider,
  selfies: Uint8Array[],
  count: number,
): Promise<number> {
  const begin = performance.now();
  await Promise.all(
    Array.from({ length: count }, (_, i) =>
      provider.analyse(distinctJpeg(selfies[i % selfies.length] as Uint8Array, nextSerial())),
    ),
  );
  return count / ((performance.now() - begin) / 1000);
}

// Typical captures: 1280-pixel-wide JPEGs of person A's edits, sanitized like uploads.
const selfies = await Promise.all(
  Object.values(await variantsOfA()).map(
    async (bytes) =>
      (
        await sanitizeImage(
          // rotate() first: resizing would drop the EXIF orientation and leave a variant sideways.
          await sharp(bytes).rotate().resize(1280).jpeg({ quality: 90 }).toBuffer(),
        )
      ).bytes,
  ),
);
const noFace = (await sanitizeImage(await sharp(PHOTOS.noFace).jpeg().toBuffer())).bytes;

const threads = availableParallelism();
const ROUNDS = 3;
const perRound = Math.max(threads * 2, Math.round(BURST / ROUNDS));
/** `threads` analyses, so a provider's workers each compiled and ran the models once. */
const warm = (provider: LocalProvider) =>
  Promise.all(
    Array.from({ length: threads }, () =>
      provider.analyse(distinctJpeg(selfies[0] as Uint8Array, nextSerial())),
    ),
  );
log(`pool of ${threads} threads (loaded first, so its peak memory is its own): load, warm-up…`);
const pool = await started(threads);
await warm(pool.provider);
await throughput(pool.provider, selfies, perRound);
const poolPeakRss = peakRss;

log(`one thread: load, the same warm-up; then ${ROUNDS} interleaved throughput rounds…`);
const single = await started(1);
await warm(single.provider);
const poolRates: number[] = [];
const singleRates: number[] = [];
for (let round = 0; round < ROUNDS; round++) {
  poolRates.push(await throughput(pool.provider, selfies, perRound));
  singleRates.push(await throughput(single.provider, selfies, perRound));
}
const poolRate = quantile(poolRates, 0.5);
const singleRate = quantile(singleRates, 0.5);
await pool.provider.close();

log('one thread: sequential latency, selfie by selfie with the published (unfused) models…');
const published = await started(1, false);
await warm(published.provider);
const latency: number[] = [];
const wall: number[] = [];
const publishedLatency: number[] = [];
let fusedVsPublished = 1;
for (let i = 0; i < SELFIES; i++) {
  const selfie = selfies[i % selfies.length] as Uint8Array;
  const timed = async (provider: LocalProvider) => {
    const begin = performance.now();
    const analysis = await provider.analyse(distinctJpeg(selfie, nextSerial()));
    return { analysis, wallMs: performance.now() - begin };
  };
  // Alternating who goes first, so neither always runs on a cache the other warmed.
  const order = i % 2 === 0 ? [single, published] : [published, single];
  const results = new Map<LocalProvider, Awaited<ReturnType<typeof timed>>>();
  for (const { provider } of order) results.set(provider, await timed(provider));
  const fused = results.get(single.provider) as Awaited<ReturnType<typeof timed>>;
  const unfused = results.get(published.provider) as Awaited<ReturnType<typeof timed>>;
  wall.push(fused.wallMs);
  latency.push(fused.analysis.ms);
  publishedLatency.push(unfused.analysis.ms);
  if (fused.analysis.embedding && unfused.analysis.embedding)
    fusedVsPublished = Math.min(
      fusedVsPublished,
      cosineSimilarity(fused.analysis.embedding, unfused.analysis.embedding),
    );
}
await published.provider.close();
const noFaceMs = (await single.provider.analyse(noFace)).ms;

// Next to the speed, what it computes: a faster path must not quietly move these.
const embeddingOf = async (bytes: Uint8Array) =>
  (await single.provider.analyse(distinctJpeg(bytes, nextSerial()))).embedding;
const sanitized = async (path: string) =>
  (await sanitizeImage(await sharp(path).removeAlpha().jpeg({ quality: 90 }).toBuffer())).bytes;
const reference = await embeddingOf(await sanitized(PHOTOS.personA));
const other = await embeddingOf(await sanitized(PHOTOS.personB));
if (!reference || !other) throw new Error('no single face in a reference photo');
const genuine: number[] = [];
const impostor: number[] = [cosineSimilarity(reference, other)];
const variantNames = Object.keys(await variantsOfA());
const withoutFace: string[] = [];
for (const [i, selfie] of selfies.entries()) {
  const embedding = await embeddingOf(selfie);
  // A variant the detector finds no single face in has no similarity: named, not hidden.
  if (!embedding) {
    withoutFace.push(variantNames[i] as string);
    continue;
  }
  genuine.push(cosineSimilarity(reference, embedding));
  impostor.push(cosineSimilarity(other, embedding));
}
await single.provider.close();
clearInterval(sampler);
const range = (values: number[]) => ({
  min: round(Math.min(...values), 3),
  max: round(Math.max(...values), 3),
  n: values.length,
});

const result = {
  bench: 'match',
  modelLoadMs: { oneThread: Math.round(single.loadMs), pool: Math.round(pool.loadMs), threads },
  perSelfieMs: {
    p50: round(quantile(latency, 0.5)),
    p99: round(quantile(latency, 0.99)),
    wallP50: round(quantile(wall, 0.5)),
    noFace: round(noFaceMs),
    selfies: SELFIES,
    publishedModelsP50: round(quantile(publishedLatency, 0.5)),
    ratioToPublished: round(quantile(latency, 0.5) / quantile(publishedLatency, 0.5), 2),
    // The same selfie through both: how far fusing moved the embedding.
    minCosineFusedVsPublished: round(fusedVsPublished, 6),
  },
  matchesPerSecond: {
    pool: round(poolRate),
    oneThread: round(singleRate),
    ratio: round(poolRate / singleRate, 2),
    rounds: ROUNDS,
    perRound,
    poolRounds: poolRates.map((rate) => round(rate)),
    oneThreadRounds: singleRates.map((rate) => round(rate)),
  },
  similarity: {
    dataSet:
      "person A (skimage astronaut) and person B (matplotlib grace_hopper); A's reference vs A's 9 edited variants, B vs each",
    genuine: range(genuine),
    impostor: range(impostor),
    variantsWithoutASingleFace: withoutFace,
  },
  peakRssMb: Math.round(poolPeakRss / 1024 / 1024),
};
// Ratios to baselines of the same run: an absolute 150 ms or 12/s flips with the machine's load.
const targets = {
  fusedWithin070OfPublished: result.perSelfieMs.ratioToPublished <= 0.7,
  embeddingsUnchanged: result.perSelfieMs.minCosineFusedVsPublished >= 0.9999,
  poolAtLeast150PercentOfOneThread: result.matchesPerSecond.ratio >= 1.5,
  peakMemoryWithin600Mb: result.peakRssMb <= 600,
};
process.stdout.write(`${JSON.stringify({ ...result, targets })}\n`);
