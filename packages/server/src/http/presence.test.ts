import {
  type CaptureSignals,
  type ClientSession,
  ClientSessionSchema,
  type KeyframeName,
  type PresenceUpload,
  type Reverification,
  type ReverificationSession,
} from '@reverify/contract';
import { afterEach, describe, expect, it } from 'vitest';
import type { PresenceRequest, PresenceVerdict, PresenceVerifier } from '../plugin/presence.js';
import type { FaceMatchProvider } from '../plugin/provider.js';
import { createSandboxProvider } from '../providers/sandbox-provider.js';
import { expectError } from '../testing/expect-error.js';
import { ORIGIN, startTestServer, type TestServer } from '../testing/harness.js';
import { testPhoto } from '../testing/images.js';
import { eventsOf, settled } from '../testing/provider-flow.js';

let server: TestServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

/**
 * A provider that approves every match with `selfie_match` and checks no
 * liveness itself, like the local matcher: the presence step decides.
 */
function matchingProvider(): FaceMatchProvider {
  const sandbox = createSandboxProvider({ latencyMs: 20 });
  let report: ((id: string) => Promise<void>) | undefined;
  return {
    ...sandbox,
    name: 'matcher',
    decidesLiveness: () => false,
    implicitEnrollment: () => ({
      status: 'success',
      providerEnrollmentId: null,
      failureReason: null,
    }),
    async start(context) {
      report = (id) =>
        context.report(id, {
          kind: 'decided',
          decision: 'approved',
          reasons: ['selfie_match'],
          matchScore: 0.91,
          livenessScore: null,
        });
    },
    async startMatch(request) {
      setTimeout(() => void report?.(request.reverificationId), 20);
      return { providerReference: null };
    },
  };
}

/** A presence verifier that answers `verdict` and records what it was asked. */
function verifier(verdict: PresenceVerdict['status']) {
  const asked: PresenceRequest[] = [];
  const reasons = {
    passed: ['liveness_passed'],
    failed: ['liveness_failed'],
    review: ['liveness_uncertain'],
  } as const;
  const instance: PresenceVerifier = {
    async verifyPresence(request) {
      asked.push(request);
      return {
        status: verdict,
        score: verdict === 'passed' ? 0.9 : 0.2,
        reasons: [...reasons[verdict]],
        measurements: { peaks: request.keyframes.length },
      };
    },
  };
  return { instance, asked };
}

async function start(options: Parameters<typeof startTestServer>[0] = {}) {
  server = await startTestServer({ provider: matchingProvider(), ...options });
  return server;
}

async function clientSession(test: TestServer, session: ReverificationSession) {
  const response = await test.call('/v1/client/session', {
    method: 'POST',
    auth: session.clientToken,
    origin: ORIGIN,
  });
  expect(response.status).toBe(200);
  return ClientSessionSchema.parse(await response.json());
}

const webcam: CaptureSignals = {
  cameraLabel: 'FaceTime HD Camera',
  requested: { width: 1280, height: 720, frameRate: 30 },
  settings: { width: 1280, height: 720, frameRate: 30 },
  measuredFps: 29.3,
  frameIntervalJitterMs: 3.4,
  frames: 120,
  webdriver: false,
};

/** The answer a device that did the challenge would upload. */
function answer(browser: ClientSession, patch: Partial<PresenceUpload> = {}): PresenceUpload {
  const moves = browser.presence.challenge?.moves ?? [];
  return {
    nonce: browser.presence.challenge?.nonce ?? 'n0nce_n0nce_n0nce_n0nce_',
    outcome: 'completed',
    keyframes: [
      { name: 'frontal', atMs: 100 },
      ...moves.map((_, i) => ({ name: `peak_${i + 1}` as KeyframeName, atMs: 400 + i * 400 })),
      { name: 'return', atMs: 400 + moves.length * 400 },
    ],
    signals: webcam,
    ...patch,
  };
}

async function uploadAnswer(
  test: TestServer,
  session: ReverificationSession,
  presence: PresenceUpload | null,
  options: { parts?: string[]; clip?: Uint8Array } = {},
) {
  const photo = await testPhoto(320, 240);
  const form = new FormData();
  form.set('image', new Blob([photo], { type: 'image/jpeg' }), 'frontal.jpg');
  if (presence) form.set('presence', JSON.stringify(presence));
  const parts =
    options.parts ?? presence?.keyframes.slice(1).map((keyframe) => keyframe.name) ?? [];
  for (const name of parts) form.set(`keyframe_${name}`, new Blob([photo]), `${name}.jpg`);
  if (options.clip) form.set('clip', new Blob([options.clip]), 'clip.webm');
  return test.call(`/v1/reverifications/${session.id}/capture`, {
    auth: session.clientToken,
    origin: ORIGIN,
    body: form,
  });
}

async function decide(
  test: TestServer,
  presence: (browser: ClientSession) => PresenceUpload | null,
  body: Record<string, unknown> = { referenceId: 'pat' },
): Promise<Reverification> {
  const session = await test.session(body);
  const browser = await clientSession(test, session);
  expect((await uploadAnswer(test, session, presence(browser))).status).toBe(201);
  return settled(test, session.id);
}

describe('the presence challenge in the client session', () => {
  it('issues a fresh two-move challenge per session when the policy is active', async () => {
    const test = await start({ presence: { verifier: verifier('passed').instance } });
    const session = await test.session({ referenceId: 'pat' });
    expect(session.livenessPolicy).toBe('active');
    const first = await clientSession(test, session);
    const second = await clientSession(test, session);
    expect(first.presence.policy).toBe('active');
    expect(first.presence.challenge?.moves.slice().sort()).toEqual(['turn_left', 'turn_right']);
    expect(second.presence.challenge?.nonce).not.toBe(first.presence.challenge?.nonce);
    expect(first.presence.clip).toBeNull();
  });

  it('issues none under the passive or off policy', async () => {
    const test = await start();
    for (const liveness of ['passive', 'off'] as const) {
      const session = await test.session({ referenceId: `pat-${liveness}`, liveness });
      const browser = await clientSession(test, session);
      expect(browser.presence).toEqual({ policy: liveness, challenge: null, clip: null });
    }
  });

  it('fixes the moves only in sandbox mode', async () => {
    const test = await start({ presence: { verifier: verifier('passed').instance } });
    const session = await test.session({
      referenceId: 'pat',
      challengeMoves: ['turn_right', 'turn_left'],
    });
    expect((await clientSession(test, session)).presence.challenge?.moves).toEqual([
      'turn_right',
      'turn_left',
    ]);
    await test.close();
    server = await startTestServer({
      mode: 'production',
      secretKeys: ['sk_live_0123456789abcdefghijklmnopqrstuv'],
      publishableKeys: [],
      provider: { ...matchingProvider(), production: true },
    });
    const refused = await server.call('/v1/reverifications', {
      auth: 'sk_live_0123456789abcdefghijklmnopqrstuv',
      json: { referenceId: 'pat', challengeMoves: ['turn_left'] },
    });
    await expectError(refused, 'forbidden');
  });
});

describe('decisions with the presence step', () => {
  it('approves a matching face whose challenge the verifier passed, and records both steps', async () => {
    const checks = verifier('passed');
    const test = await start({ presence: { verifier: checks.instance } });
    const done = await decide(test, (browser) => answer(browser));
    expect(done).toMatchObject({
      decision: 'approved',
      reasons: ['selfie_match', 'liveness_passed'],
      steps: {
        match: { status: 'passed', score: 0.91 },
        liveness: { status: 'passed', score: 0.9, method: 'active' },
      },
    });
    expect(checks.asked[0]?.keyframes.map((k) => k.name)).toEqual([
      'frontal',
      'peak_1',
      'peak_2',
      'return',
    ]);
    expect(checks.asked[0]?.keyframes.every((k) => k.image.format === 'jpeg')).toBe(true);
    // An operator sees the keyframes beside the reference, and the audit trail says so.
    const peak = await test.call(`/v1/reverifications/${done.id}/images/peak_1`);
    expect(peak.status).toBe(200);
    expect(peak.headers.get('content-type')).toBe('image/jpeg');
    expect(peak.headers.get('cache-control')).toBe('no-store');
    expect((await peak.arrayBuffer()).byteLength).toBeGreaterThan(1000);
    await expectError(
      await test.call(`/v1/reverifications/${done.id}/images/frontal`),
      'not_found',
    );
    await expectError(
      await test.call(`/v1/reverifications/${done.id}/images/peak_3`),
      'image_purged',
    );
    const audit = (await (await test.call(`/v1/reverifications/${done.id}/audit`)).json()) as {
      entries: { action: string; notes: string | null }[];
    };
    expect(audit.entries).toContainEqual(
      expect.objectContaining({ action: 'images_viewed', notes: 'peak_1' }),
    );
  });

  it('rejects a clear liveness failure and sends an uncertain one to review', async () => {
    for (const [verdict, decision, reason] of [
      ['failed', 'rejected', 'liveness_failed'],
      ['review', 'manual_review', 'liveness_uncertain'],
    ] as const) {
      const test = await start({ presence: { verifier: verifier(verdict).instance } });
      const done = await decide(test, (browser) => answer(browser));
      expect(done).toMatchObject({ decision, reasons: ['selfie_match', reason] });
      await test.close();
      server = undefined;
    }
  });

  it('never approves a still photo: no challenge answered is manual review', async () => {
    const checks = verifier('passed');
    const test = await start({ presence: { verifier: checks.instance } });
    const done = await decide(test, () => null);
    expect(done).toMatchObject({
      decision: 'manual_review',
      reasons: ['selfie_match', 'challenge_incomplete'],
      steps: { liveness: { status: 'review' } },
    });
    expect(checks.asked).toEqual([]);
  });

  it('sends a challenge given up, or without a verifier, to manual review', async () => {
    const test = await start();
    const gaveUp = await decide(
      test,
      (browser) =>
        answer(browser, { outcome: 'gave_up', keyframes: [{ name: 'frontal', atMs: 100 }] }),
      { referenceId: 'pat', liveness: 'active' },
    );
    expect(gaveUp).toMatchObject({
      decision: 'manual_review',
      reasons: ['selfie_match', 'challenge_incomplete'],
    });
    const unverified = await decide(test, (browser) => answer(browser), {
      referenceId: 'pat',
      liveness: 'active',
      restart: true,
    });
    expect(unverified).toMatchObject({
      decision: 'manual_review',
      reasons: ['selfie_match', 'liveness_not_checked'],
    });
  });

  it('sends a virtual camera or an automated browser to review, never to rejection', async () => {
    const test = await start({ presence: { verifier: verifier('passed').instance } });
    for (const [index, signals] of [
      { ...webcam, cameraLabel: 'OBS Virtual Camera' },
      { ...webcam, webdriver: true },
    ].entries()) {
      const done = await decide(test, (browser) => answer(browser, { signals }), {
        referenceId: 'pat',
        restart: index > 0,
      });
      expect(done).toMatchObject({
        decision: 'manual_review',
        reasons: ['selfie_match', 'liveness_passed', 'camera_suspicious'],
      });
    }
  });

  it('decides on the match alone with liveness off, and says so', async () => {
    const test = await start({ presence: { verifier: verifier('failed').instance } });
    const done = await decide(test, () => null, { referenceId: 'pat', liveness: 'off' });
    expect(done).toMatchObject({
      decision: 'approved',
      reasons: ['selfie_match', 'liveness_not_checked'],
      steps: { liveness: { status: 'skipped' } },
    });
  });

  it('carries the steps in the stream events and the webhook payload', async () => {
    const test = await start({ presence: { verifier: verifier('passed').instance } });
    const session = await test.session({ referenceId: 'pat' });
    const browser = await clientSession(test, session);
    expect((await uploadAnswer(test, session, answer(browser))).status).toBe(201);
    await settled(test, session.id);
    const last = (await eventsOf(test, session)).at(-1);
    expect(last?.steps).toMatchObject({
      match: { status: 'passed' },
      liveness: { status: 'passed', method: 'active' },
    });
  });

  it('gives every sandbox liveness outcome without a camera', async () => {
    const test = await startTestServer();
    server = test;
    for (const [referenceId, decision, reason] of [
      ['sandbox_liveness_failed', 'rejected', 'liveness_failed'],
      ['sandbox_liveness_review', 'manual_review', 'liveness_uncertain'],
      ['sandbox_approved', 'approved', 'liveness_passed'],
    ] as const) {
      const session = await test.session({ referenceId, liveness: 'active' });
      expect((await test.upload(session, await testPhoto(320, 240))).status).toBe(201);
      const done = await settled(test, session.id);
      expect(done.decision).toBe(decision);
      expect(done.reasons).toContain(reason);
      expect(done.steps.liveness.method).toBe('sandbox');
    }
  });

  it('lets the sandbox show what an unfinished challenge does', async () => {
    const test = await startTestServer({ presence: { policy: 'active' } });
    server = test;
    const body = { referenceId: 'sandbox_approved' };
    const finished = await decide(test, (browser) => answer(browser), body);
    expect(finished.decision).toBe('approved');
    const unfinished = await decide(
      test,
      (browser) =>
        answer(browser, { outcome: 'gave_up', keyframes: [{ name: 'frontal', atMs: 90 }] }),
      body,
    );
    expect(unfinished.decision).toBe('manual_review');
    expect(unfinished.reasons).toContain('challenge_incomplete');
    expect(unfinished.steps.liveness).toMatchObject({ status: 'review', method: 'active' });
    const failing = await decide(test, () => null, { referenceId: 'sandbox_liveness_failed' });
    expect(failing.decision).toBe('rejected');
  });
});

describe('bad answers are refused and store nothing', () => {
  /** Uploads a bad answer, expects `code`, then checks that the real answer still goes through. */
  async function refuses(
    bad: (browser: ClientSession, session: ReverificationSession) => Promise<Response>,
    code: Parameters<typeof expectError>[1],
  ) {
    const test = server ?? (await start({ presence: { verifier: verifier('passed').instance } }));
    const session = await test.session({ referenceId: `pat-${code}`, restart: true });
    const browser = await clientSession(test, session);
    await expectError(await bad(browser, session), code);
    const fresh = await clientSession(test, session);
    expect((await uploadAnswer(test, session, answer(fresh))).status).toBe(201);
  }

  it('refuses missing, extra and undescribed keyframes', async () => {
    await refuses(
      (browser, session) =>
        uploadAnswer(
          test(),
          session,
          answer(browser, { keyframes: answer(browser).keyframes.slice(0, 3) }),
        ),
      'keyframes_invalid',
    );
    await refuses(
      (browser, session) =>
        uploadAnswer(test(), session, answer(browser), {
          parts: ['peak_1', 'peak_2', 'peak_3', 'return'],
        }),
      'keyframes_invalid',
    );
    await refuses(
      (_browser, session) => uploadAnswer(test(), session, null, { parts: ['peak_1'] }),
      'keyframes_invalid',
    );
  });

  it('refuses a nonce of another reverification, a replaced one, and impossible timings', async () => {
    await refuses(async (_browser, session) => {
      const other = await test().session({ referenceId: 'someone-else' });
      const theirs = await clientSession(test(), other);
      return uploadAnswer(test(), session, answer(theirs));
    }, 'challenge_invalid');
    await refuses(async (browser, session) => {
      await clientSession(test(), session);
      return uploadAnswer(test(), session, answer(browser));
    }, 'challenge_invalid');
    await refuses(
      (browser, session) =>
        uploadAnswer(
          test(),
          session,
          answer(browser, {
            keyframes: answer(browser).keyframes.map((k, i) => ({ ...k, atMs: 60_000 + i * 500 })),
          }),
        ),
      'keyframes_invalid',
    );
  });

  it('refuses an answer to a challenge past its lifetime', async () => {
    await refuses(async (browser, session) => {
      test().advance(181);
      return uploadAnswer(test(), session, answer(browser));
    }, 'challenge_expired');
  });

  it('refuses a video when the provider wants none, and a clip that is not a video', async () => {
    await refuses(
      (browser, session) =>
        uploadAnswer(test(), session, answer(browser), { clip: new Uint8Array(64).fill(1) }),
      'clip_invalid',
    );
    await test().close();
    server = await start({
      provider: { ...matchingProvider(), wantsClip: true },
      presence: { verifier: verifier('passed').instance },
    });
    const session = await test().session({ referenceId: 'pat' });
    expect((await clientSession(test(), session)).presence.clip).toEqual({
      maxBytes: 10 * 1024 * 1024,
      maxDurationMs: 15_000,
    });
    await refuses(
      async (browser, session) =>
        uploadAnswer(test(), session, answer(browser), { clip: await testPhoto(320, 240) }),
      'clip_invalid',
    );
  });
});

function test(): TestServer {
  if (!server) throw new Error('no server');
  return server;
}
