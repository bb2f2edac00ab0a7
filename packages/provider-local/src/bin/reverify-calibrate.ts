#!/usr/bin/env node
/**
 * reverify-calibrate <folder>: one sub-folder per person, images inside.
 * Embeds every image with the local matcher, scores every same-person and
 * different-person pair by cosine similarity, and prints the distributions,
 * false-accept / false-reject rates at candidate thresholds and a suggested
 * threshold (the JSON report is the last line).
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { sanitizeImage } from '@reverify/server/image';
import { calibrate } from '../calibration.js';
import { cosineSimilarity } from '../decision.js';
import { createLocalProvider } from '../provider.js';
import { STANDALONE_CONTEXT } from '../standalone-context.js';

const USAGE = 'usage: reverify-calibrate <folder with one sub-folder of images per person>\n';
const folder = process.argv[2];
if (!folder) {
  process.stderr.write(USAGE);
  process.exit(2);
}
if (!existsSync(folder) || !statSync(folder).isDirectory()) {
  process.stderr.write(`reverify-calibrate: ${folder} is not a folder\n${USAGE}`);
  process.exit(2);
}
const people = readdirSync(folder).filter((name) => statSync(join(folder, name)).isDirectory());
const provider = createLocalProvider();
await provider.start(STANDALONE_CONTEXT);
const embeddings: { person: string; embedding: Float32Array }[] = [];
const skipped: string[] = [];
let images = 0;
for (const person of people) {
  for (const file of readdirSync(join(folder, person))) {
    images += 1;
    const path = join(folder, person, file);
    try {
      const analysis = await provider.analyse((await sanitizeImage(readFileSync(path))).bytes);
      if (analysis.embedding) embeddings.push({ person, embedding: analysis.embedding });
      else skipped.push(`${path} (${analysis.faces.length} faces)`);
    } catch (error) {
      skipped.push(`${path} (${(error as Error).message})`);
    }
  }
}
await provider.close();
const same: number[] = [];
const different: number[] = [];
for (let i = 0; i < embeddings.length; i++) {
  for (let j = i + 1; j < embeddings.length; j++) {
    const a = embeddings[i] as (typeof embeddings)[number];
    const b = embeddings[j] as (typeof embeddings)[number];
    (a.person === b.person ? same : different).push(cosineSimilarity(a.embedding, b.embedding));
  }
}
const report = calibrate(same, different, { people: people.length, images, skipped });
const line = (label: string, s: { pairs: number; min: number; median: number; max: number }) =>
  `${label.padEnd(18)} ${String(s.pairs).padStart(6)} pairs   min ${s.min.toFixed(3)}   median ${s.median.toFixed(3)}   max ${s.max.toFixed(3)}`;
process.stdout.write(
  [
    `${report.people} people, ${report.images} images, ${report.skipped.length} skipped`,
    ...report.skipped.map((s) => `  skipped ${s}`),
    line('same person', report.samePerson),
    line('different people', report.differentPeople),
    'threshold   false accepts   false rejects',
    ...report.rates.map(
      (r) =>
        `  ${r.threshold.toFixed(2)}        ${(r.falseAcceptRate * 100).toFixed(1).padStart(5)} %        ${(r.falseRejectRate * 100).toFixed(1).padStart(5)} %`,
    ),
    `suggested approveAbove: ${report.suggestedThreshold} (${report.rule})`,
    'Calibrate on real enrollment/selfie pairs from your users before production.',
    JSON.stringify(report),
    '',
  ].join('\n'),
);
