import { readFileSync } from 'node:fs';
import {
  type ChallengeMove,
  type ClientSession,
  ClientSessionSchema,
  type Reverification,
  ReverificationSchema,
} from '@reverify/contract';
import { createMemoryStore, createReverifyHandler, type ReverifyHandler } from '@reverify/server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createFaceAnalyzer } from '../face-analyzer.js';
import { createLocalProvider, type LocalProvider } from '../provider.js';
import { PHOTOS, requireMedia } from '../testing/faces.js';
import {
  attack,
  bonaFide,
  type Portrait,
  portraitOf,
  presenceRequest,
  type SyntheticKeyframe,
} from '../testing/presentations.js';

requireMedia();
const KEY = 'sk_live_presencepresencepresencepres0';
const ORIGIN = 'http://app.test';
const MOVES: ChallengeMove[] = ['turn_left', 'turn_right'];

let provider: LocalProvider;
let handler: ReverifyHandler;
let personA: Portrait;
let personB: Portrait;

beforeAll(async () => {
  // The synthetic presentations need the face mesh, from an analyzer on this thread.
  const analyzer = await createFaceAnalyzer();
  const portrait = async (file: string) => {
    const found = await portraitOf(readFileSync(file), analyzer.analyse, analyzer.triangulation);
    if (!found) throw new Error(`no face in ${file}`);
    return found;
  };
  [personA, personB] = [await portrait(PHOTOS.personA), await portrait(PHOTOS.personB)];
  provider = createLocalProvider({ threads: 1 });
  handler = await createReverifyHandler({
    mode: 'production',
    secretKeys: [KEY],
    provider,
    store: createMemoryStore(),
    allowedOrigins: [ORIGIN],
    sweepIntervalMs: 0,
    rateLimit: false,
  });
}, 120_000);
afterAll(() => handler.close());

const verify = (keyframes: readonly SyntheticKeyframe[], moves = MOVES) =>
  provider.verifyPresence(presenceRequest(moves, keyframes), new AbortController().signal);

describe('the local presence verifier', () => {
  it('passes a head that turns the asked ways, with the parallax of a real head', async () => {
    const verdict = await verify(await bonaFide(personA, MOVES, 30));
    expect(verdict).toMatchObject({ status: 'passed', reasons: ['liveness_passed'] });
    expect(verdict.measurements.peak1Parallax).toBeGreaterThan(0.12);
  }, 60_000);

  it('fails a still photo, a turn the wrong way and a face swapped in', async () => {
    for (const [kind, reason] of [
      ['still_photo', 'liveness_failed'],
      ['wrong_direction', 'liveness_failed'],
      ['face_swap', 'face_changed'],
    ] as const) {
      const verdict = await verify(await attack(kind, personA, MOVES, 30, personB));
      expect({ kind, status: verdict.status, reasons: verdict.reasons }).toEqual({
        kind,
        status: 'failed',
        reasons: [reason],
      });
    }
  }, 60_000);

  it('never passes a flat photo turned in front of the camera', async () => {
    for (const portrait of [personA, personB]) {
      const verdict = await verify(await attack('flat_photo_turned', portrait, MOVES, 30, personB));
      expect(verdict.status).not.toBe('passed');
    }
  }, 60_000);
});

describe('presence through the handler, end to end', () => {
  const call = (path: string, init: RequestInit & { auth?: string } = {}) =>
    handler.fetch(
      new Request(`http://local.test${path}`, {
        ...init,
        headers: {
          Authorization: `Bearer ${init.auth ?? KEY}`,
          Origin: ORIGIN,
          ...(init.headers as object),
        },
      }),
    );

  async function reverifyWith(
    answer: (moves: readonly ChallengeMove[]) => Promise<SyntheticKeyframe[]>,
  ): Promise<Reverification> {
    const created = (await (
      await call('/v1/reverifications', {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ referenceId: 'person-a', restart: true }),
      })
    ).json()) as { id: string; clientToken: string };
    const browser: ClientSession = ClientSessionSchema.parse(
      await (
        await call('/v1/client/session', { method: 'POST', auth: created.clientToken })
      ).json(),
    );
    const challenge = browser.presence.challenge;
    if (!challenge) throw new Error('no challenge');
    const keyframes = await answer(challenge.moves);
    const form = new FormData();
    form.set(
      'presence',
      JSON.stringify({
        nonce: challenge.nonce,
        outcome: 'completed',
        keyframes: keyframes.map((keyframe, i) => ({ name: keyframe.name, atMs: 200 + i * 300 })),
      }),
    );
    for (const keyframe of keyframes) {
      const part = keyframe.name === 'frontal' ? 'image' : `keyframe_${keyframe.name}`;
      form.set(part, new Blob([keyframe.jpeg as Uint8Array<ArrayBuffer>]), `${keyframe.name}.jpg`);
    }
    const upload = await call(`/v1/reverifications/${created.id}/capture`, {
      method: 'POST',
      auth: created.clientToken,
      body: form,
    });
    expect(upload.status).toBe(201);
    for (;;) {
      const read = ReverificationSchema.parse(
        await (await call(`/v1/reverifications/${created.id}`)).json(),
      );
      if (read.status !== 'processing') return read;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }

  it('approves the enrolled person turning as asked, and never the still photo or the wrong way', async () => {
    const enrollment = new FormData();
    enrollment.set('referenceId', 'person-a');
    enrollment.set('selfie', new Blob([readFileSync(PHOTOS.personA)]), 'reference.png');
    expect((await call('/v1/enrollments', { method: 'POST', body: enrollment })).status).toBe(201);

    const live = await reverifyWith((moves) => bonaFide(personA, moves, 30));
    expect(live).toMatchObject({
      livenessPolicy: 'active',
      decision: 'approved',
      reasons: ['selfie_match', 'liveness_passed'],
      steps: { match: { status: 'passed' }, liveness: { status: 'passed', method: 'active' } },
    });
    const still = await reverifyWith((moves) => attack('still_photo', personA, moves, 30, personB));
    expect(still).toMatchObject({
      decision: 'rejected',
      reasons: ['selfie_match', 'liveness_failed'],
    });
    const wrongWay = await reverifyWith((moves) =>
      attack('wrong_direction', personA, moves, 30, personB),
    );
    expect(wrongWay.decision).toBe('rejected');
  }, 120_000);
});
