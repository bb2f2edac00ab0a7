/**
 * `pnpm bench:liveness`: the local presence verifier against a labelled set
 * built here, at run time, from packaged photos (scripts/test-media.sh:
 * person A from Debian's scikit-image, person B from Debian's matplotlib;
 * nothing committed, nothing downloaded from elsewhere). No package ships a
 * video of a head turning, so the bona fide answers are synthesized: a
 * mesh-driven warp of each portrait (testing/head-turn.ts), at several turn
 * sizes, for every challenge. They are a lab, not people: the numbers say
 * how the verifier separates these presentations, not how it does on a
 * population of real users and real attackers.
 *
 * Prints progress, then one JSON line: APCER per attack type and BPCER
 * (ISO/IEC 30107-3 terms: an attack counts as accepted when the verdict is
 * `passed`; a bona fide answer counts as rejected when it is anything
 * else), with the counts behind each, and the cost of verifying one
 * challenge's keyframes after its match next to that match, measured in the
 * same run, interleaved (one thread).
 */
import { readFileSync } from 'node:fs';
import type { ChallengeMove } from '@reverify/contract';
import type { PresenceVerdict } from '@reverify/server/provider';
import sharp from 'sharp';
import { createFaceAnalyzer } from '../src/face-analyzer.js';
import { createLocalProvider } from '../src/provider.js';
import { STANDALONE_CONTEXT } from '../src/standalone-context.js';
import { PHOTOS, requireMedia } from '../src/testing/faces.js';
import {
  ATTACKS,
  type Attack,
  attack,
  bonaFide,
  distinctJpeg,
  type Portrait,
  portraitOf,
  presenceRequest,
  type SyntheticKeyframe,
} from '../src/testing/presentations.js';

requireMedia();
const log = (message: string) => process.stderr.write(`${message}\n`);
const round = (value: number, digits = 3) => Math.round(value * 10 ** digits) / 10 ** digits;
const median = (samples: number[]) => {
  const sorted = [...samples].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? Number.NaN;
};

/** Every two-move challenge the handler can draw. */
const CHALLENGES: ChallengeMove[][] = [
  ['turn_left', 'turn_right'],
  ['turn_right', 'turn_left'],
  ['turn_left', 'turn_left'],
  ['turn_right', 'turn_right'],
];
/** Nominal turns of the warp for bona fide answers (it turns a head less than its angle says). */
const BONA_FIDE_YAWS = [25, 30, 35];
/** The turn attacks replay (a real turn for screen replay, face swap and the wrong way). */
const ATTACK_YAW = 30;

const analyzer = await createFaceAnalyzer();
async function portrait(jpeg: Uint8Array, label: string): Promise<Portrait> {
  const found = await portraitOf(jpeg, analyzer.analyse, analyzer.triangulation);
  if (!found) throw new Error(`no face mesh in ${label}`);
  return found;
}
const fileOf = (path: string) => new Uint8Array(readFileSync(path));
const mirrored = async (path: string) =>
  new Uint8Array(await sharp(readFileSync(path)).flop().jpeg({ quality: 95 }).toBuffer());
// Two people, each also mirrored (a mirrored face turns with another asymmetry).
const people: { label: string; portrait: Portrait; other: number }[] = [
  { label: 'A', portrait: await portrait(fileOf(PHOTOS.personA), 'person A'), other: 1 },
  { label: 'B', portrait: await portrait(fileOf(PHOTOS.personB), 'person B'), other: 0 },
  {
    label: 'A mirrored',
    portrait: await portrait(await mirrored(PHOTOS.personA), 'A mirrored'),
    other: 3,
  },
  {
    label: 'B mirrored',
    portrait: await portrait(await mirrored(PHOTOS.personB), 'B mirrored'),
    other: 2,
  },
];

const provider = createLocalProvider({ threads: 1 });
await provider.start(STANDALONE_CONTEXT);

const verifyMs: number[] = [];
const matchMs: number[] = [];
let serial = 0;
const nextSerial = () => {
  serial += 1;
  return serial;
};
/**
 * As the handler does it: the match analyses the frontal selfie, then the
 * presence check gets the same bytes as its first keyframe (the provider
 * reuses that analysis) and its turns. Both are timed, interleaved, on
 * distinct bytes each time so nothing is reused across attempts.
 */
async function verify(
  moves: readonly ChallengeMove[],
  synthetic: readonly SyntheticKeyframe[],
): Promise<PresenceVerdict> {
  const keyframes = synthetic.map((keyframe) => ({
    ...keyframe,
    jpeg: distinctJpeg(keyframe.jpeg, nextSerial()),
  }));
  const start = performance.now();
  await provider.analyse(keyframes[0]?.jpeg as Uint8Array);
  matchMs.push(performance.now() - start);
  const begin = performance.now();
  const verdict = await provider.verifyPresence(
    presenceRequest(moves, keyframes),
    new AbortController().signal,
  );
  verifyMs.push(performance.now() - begin);
  return verdict;
}

const bonaFideVerdicts: { status: string; label: string }[] = [];
const attackVerdicts = new Map<Attack, string[]>(ATTACKS.map((kind) => [kind, []]));
for (const person of people) {
  log(`person ${person.label}: bona fide and attacks…`);
  const other = people[person.other]?.portrait as Portrait;
  for (const moves of CHALLENGES) {
    for (const yaw of BONA_FIDE_YAWS) {
      const verdict = await verify(moves, await bonaFide(person.portrait, moves, yaw));
      bonaFideVerdicts.push({ status: verdict.status, label: `${person.label} ${moves} ${yaw}°` });
    }
    for (const kind of ATTACKS) {
      const keyframes = await attack(kind, person.portrait, moves, ATTACK_YAW, other);
      attackVerdicts.get(kind)?.push((await verify(moves, keyframes)).status);
    }
  }
}
await provider.close();

const rejectedBonaFide = bonaFideVerdicts.filter((v) => v.status !== 'passed');
const count = (statuses: string[], status: string) => statuses.filter((s) => s === status).length;
const apcer = Object.fromEntries(
  ATTACKS.map((kind) => {
    const statuses = attackVerdicts.get(kind) ?? [];
    return [
      kind,
      {
        apcer: round(count(statuses, 'passed') / statuses.length),
        attempts: statuses.length,
        failed: count(statuses, 'failed'),
        review: count(statuses, 'review'),
        passed: count(statuses, 'passed'),
      },
    ];
  }),
);
const bpcer = round(rejectedBonaFide.length / bonaFideVerdicts.length);
const cost = {
  verifyP50Ms: Math.round(median(verifyMs)),
  matchP50Ms: Math.round(median(matchMs)),
  ratio: round(median(verifyMs) / median(matchMs), 2),
};
if (rejectedBonaFide.length > 0) {
  log(
    `bona fide not passed: ${rejectedBonaFide.map((v) => `${v.label} → ${v.status}`).join('; ')}`,
  );
}
const result = {
  bench: 'liveness',
  dataSet:
    'synthetic: 2 packaged portraits (Debian scikit-image astronaut, matplotlib grace_hopper) and their mirror images; bona fide = mesh-warp head turns, 3 sizes × 4 challenges; attacks at one size × 4 challenges',
  bpcer: { bpcer, attempts: bonaFideVerdicts.length, rejected: rejectedBonaFide.length },
  apcer,
  keyframeCost: cost,
};
const targets = {
  apcerZeroForStillFlatWrongSwap: [
    'still_photo',
    'flat_photo_turned',
    'wrong_direction',
    'face_swap',
  ]
    .map((kind) => apcer[kind]?.passed ?? 1)
    .every((passed) => passed === 0),
  bpcerWithin5Percent: bpcer <= 0.05,
  keyframesWithin3Matches: cost.ratio <= 3,
};
process.stdout.write(`${JSON.stringify({ ...result, targets })}\n`);
