import type { ReverificationSession } from '@reverify/contract';
import { startTruoraFake, type TruoraFake } from '@reverify/provider-fakes';
import { SignJWT } from 'jose';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { sanitizeImage } from '../../image/sanitize-image.js';
import { createMemoryStore } from '../../store/memory/memory-store.js';
import { testClip } from '../../testing/clips.js';
import { expectError } from '../../testing/expect-error.js';
import { startTestServer, type TestServer } from '../../testing/harness.js';
import { testPhoto } from '../../testing/images.js';
import {
  countEndings,
  enrollWithSelfie,
  expectCleanLogs,
  recordingLogger,
  settled,
  uploadAndSettle,
} from '../../testing/provider-flow.js';
import { describeProviderConformance } from '../conformance.js';
import { truoraAccountId } from './truora-account.js';
import { createTruoraProvider, type TruoraProviderOptions } from './truora-provider.js';

/** The device's challenge video, which Truora's passive liveness takes. */
const clip = testClip(2);

/** Short timeouts and polls so that every fault resolves in a few seconds. */
const FAST: TruoraProviderOptions = {
  http: { timeoutMs: 300, attempts: 3, maxBackoffMs: 1500 },
  pollScheduleMs: [50, 100, 200],
  enrollmentPollScheduleMs: [20],
};

const providerFor = (fake: TruoraFake, options: TruoraProviderOptions = {}) =>
  createTruoraProvider({
    apiKey: fake.apiKey,
    webhookSecret: fake.webhookSecret,
    baseUrl: fake.url,
    ...FAST,
    ...options,
  });

describeProviderConformance('truora', async () => {
  const fake = await startTruoraFake({ processingMs: 20 });
  fake.setOutcome('conformance-other', {
    kind: 'declined',
    reason: 'similarity_threshold_not_passed',
    confidence: 0.2,
  });
  const image = await sanitizeImage(await testPhoto(320, 240));
  return {
    provider: providerFor(fake),
    matching: { reference: image, selfie: image },
    otherPerson: image,
    close: () => fake.close(),
  };
});

describe('Truora through the handler: faults end in the right state', () => {
  let fake: TruoraFake;
  let server: TestServer;
  let logs: ReturnType<typeof recordingLogger>;
  let selfie: Buffer;
  const tokens: string[] = [];

  async function start(options: TruoraProviderOptions = {}, processingMs = 30) {
    fake = await startTruoraFake({ processingMs });
    logs = recordingLogger();
    server = await startTestServer({
      provider: providerFor(fake, options),
      providerTimeoutMs: 4000,
      logger: logs.logger,
    });
    fake.webhooks.url = `${server.url}/v1/providers/truora/webhook`;
  }

  async function enrolledSession(referenceId = 'alice'): Promise<ReverificationSession> {
    expect((await enrollWithSelfie(server, referenceId, selfie)).status).toBe(201);
    const session = await server.session({ referenceId });
    tokens.push(session.clientToken, session.streamToken);
    return session;
  }

  beforeEach(async () => {
    selfie = await testPhoto(640, 480);
  });

  afterEach(async () => {
    expectCleanLogs(logs.lines, [fake.apiKey, fake.webhookSecret, ...tokens, '/uploads/']);
    tokens.length = 0;
    await server.close();
    await fake.close();
  });

  it('approves through a signed webhook, before any poll', async () => {
    await start({ pollScheduleMs: [60_000] });
    const session = await enrolledSession();
    const done = await uploadAndSettle(server, session, selfie, 3000, clip);
    expect(done).toMatchObject({
      status: 'completed',
      decision: 'approved',
      reasons: ['selfie_match', 'liveness_passed'],
      details: { matchScore: 0.93 },
    });
    expect(done.details?.providerReference).toMatch(/^VLD/);
    expect(fake.webhooks.sent.at(-1)?.status).toBe(200);
    expect(fake.log.filter((line) => line.startsWith('GET /v1/validations'))).toEqual([]);
  });

  it("uploads the challenge's video for passive liveness; without one asks for similarity alone", async () => {
    await start();
    const withClip = await enrolledSession();
    expect(await uploadAndSettle(server, withClip, selfie, 5000, clip)).toMatchObject({
      decision: 'approved',
      reasons: ['selfie_match', 'liveness_passed'],
      steps: { liveness: { status: 'passed' } },
    });
    const [videoValidation] = [...fake.validations.keys()];
    expect(fake.passiveLiveness.has(videoValidation as string)).toBe(true);
    expect(fake.uploadTypes.get(videoValidation as string)).toBe('video/webm');
    const still = await server.session({ referenceId: 'alice', restart: true });
    tokens.push(still.clientToken, still.streamToken);
    const done = await uploadAndSettle(server, still, selfie);
    const stillValidation = [...fake.validations.keys()][1] as string;
    expect(fake.passiveLiveness.has(stillValidation)).toBe(false);
    expect(fake.uploadTypes.get(stillValidation)).toBe('image/jpeg');
    // Unchecked liveness never approves: the policy sends it to review.
    expect(done).toMatchObject({
      decision: 'manual_review',
      reasons: expect.arrayContaining(['selfie_match', 'liveness_not_checked']),
    });
  });

  it('rejects Truora liveness and fraud declines as liveness_failed and risky_face', async () => {
    await start();
    for (const [person, reason, expected] of [
      ['paula', 'photo_of_photo', 'liveness_failed'],
      ['lena', 'liveness_verification_not_passed', 'liveness_failed'],
      ['rick', 'risky_face_detected', 'risky_face'],
      // TruFace's collections and blocklist, and Truora's risk signals: fraud, not an unclear selfie.
      ['fran', 'user_face_match_in_fraud_collection', 'risky_face'],
      ['cleo', 'user_face_match_in_client_collection', 'risky_face'],
      ['finn', 'fraudster_face_match_in_client_collection', 'risky_face'],
      ['bea', 'face_in_blocklist', 'risky_face'],
      ['rita', 'risk_signal_detected', 'risky_face'],
    ] as const) {
      fake.setOutcome(person, { kind: 'declined', reason, confidence: 0.9 });
      const session = await enrolledSession(person);
      const done = await uploadAndSettle(server, session, selfie, 5000, clip);
      expect(done.decision).toBe('rejected');
      expect(done.reasons).toContain(expected);
      expect(done.reasons).not.toContain('selfie_unclear');
    }
  });

  it('sends the Truora form fields, and retry_of_id on a restart', async () => {
    await start({}, 2000);
    const first = await enrolledSession();
    expect((await server.upload(first, selfie, { clip })).status).toBe(201);
    await expect.poll(() => fake.validations.size).toBe(1);
    // Wait until the handler stored Truora's validation id for the first attempt.
    await expect
      .poll(
        async () =>
          (
            (await (await server.call(`/v1/reverifications/${first.id}?details=true`)).json()) as {
              details: { providerReference: string | null };
            }
          ).details.providerReference,
      )
      .toMatch(/^VLD/);
    const second = await server.session({ referenceId: 'alice', restart: true });
    tokens.push(second.clientToken, second.streamToken);
    expect((await server.upload(second, selfie, { clip })).status).toBe(201);
    await expect.poll(() => fake.validations.size).toBe(2);
    const [original, retry] = [...fake.validations.values()];
    expect(retry).toMatchObject({
      type: 'face-recognition',
      account_id: 'alice',
      threshold: 0.65,
      retry_of_id: original?.validation_id,
    });
  });

  it('maps a referenceId Truora would refuse to a valid account_id, and keeps it', async () => {
    await start();
    const referenceId = 'user@x.com';
    const accountId = truoraAccountId(referenceId);
    fake.setOutcome(accountId, { kind: 'success', confidence: 0.88, passiveLiveness: true });
    const session = await enrolledSession(referenceId);
    expect(await uploadAndSettle(server, session, selfie, 5000, clip)).toMatchObject({
      decision: 'approved',
      details: { matchScore: 0.88 },
    });
    expect([...fake.enrollments.values()].map((e) => e.account_id)).toEqual([accountId]);
    expect([...fake.validations.values()].map((v) => v.account_id)).toEqual([accountId]);
    // The fake refuses the raw referenceId, as Truora does.
    const refused = await fetch(`${fake.url}/v1/enrollments`, {
      method: 'POST',
      headers: { 'Truora-API-Key': fake.apiKey },
      body: new URLSearchParams({
        type: 'face-recognition',
        user_authorized: 'true',
        account_id: referenceId,
      }),
    });
    expect(refused.status).toBe(400);
  });

  it('asks without show_details: the scores arrive, the links to the images are never fetched', async () => {
    await start({}, 300);
    const session = await enrolledSession();
    expect(await uploadAndSettle(server, session, selfie, 5000, clip)).toMatchObject({
      decision: 'approved',
      details: { matchScore: 0.93 },
    });
    const reads = fake.log.filter((line) => line.startsWith('GET /v1/validations/'));
    expect(reads.length).toBeGreaterThan(0);
    expect(reads.filter((line) => line.includes('show_details'))).toEqual([]);
  });

  it('sends no retry_of_id without passive liveness, where Truora offers no retries', async () => {
    await start();
    const session = await enrolledSession();
    fake.expireNextLink();
    // No clip: similarity only, so the replacement validation is a new one, not a retry.
    expect(await uploadAndSettle(server, session, selfie, 5000)).toMatchObject({
      reasons: expect.arrayContaining(['selfie_match']),
    });
    expect(fake.validations.size).toBe(2);
    expect([...fake.validations.values()].map((v) => v.retry_of_id)).toEqual([
      undefined,
      undefined,
    ]);
  });

  it('drops duplicate and out-of-order webhooks: one decision', async () => {
    await start({ pollScheduleMs: [60_000] });
    Object.assign(fake.webhookFaults, { duplicate: true, outOfOrder: true });
    const session = await enrolledSession();
    expect(await uploadAndSettle(server, session, selfie, 5000, clip)).toMatchObject({
      decision: 'approved',
    });
    await expect.poll(() => fake.webhooks.sent.length).toBe(3);
    expect(fake.webhooks.sent.map((w) => w.status)).toEqual([200, 200, 200]);
    expect(await countEndings(server, session)).toBe(1);
    expect((await settled(server, session.id)).decision).toBe('approved');
  });

  it('refuses forged and alg:none webhooks (401) and decides by polling', async () => {
    for (const fault of ['forged', 'unsigned'] as const) {
      await start();
      fake.webhookFaults[fault] = true;
      const session = await enrolledSession();
      expect(await uploadAndSettle(server, session, selfie, 5000, clip)).toMatchObject({
        decision: 'approved',
      });
      await expect.poll(() => fake.webhooks.sent.length).toBe(1);
      expect(fake.webhooks.sent[0]?.status).toBe(401);
      if (fault === 'forged') {
        await server.close();
        await fake.close();
      }
    }
  });

  it('refuses webhook JWTs that are too old, issued in the future or expired', async () => {
    await start();
    const secret = new TextEncoder().encode(fake.webhookSecret);
    const now = Math.floor(Date.now() / 1000);
    const signed = (claims: { iat?: number; exp?: number }) => {
      const jwt = new SignJWT({ events: [] }).setProtectedHeader({ alg: 'HS256', typ: 'JWT' });
      if (claims.iat !== undefined) jwt.setIssuedAt(claims.iat);
      if (claims.exp !== undefined) jwt.setExpirationTime(claims.exp);
      return jwt.sign(secret);
    };
    const post = async (body: string) =>
      server.call('/v1/providers/truora/webhook', {
        auth: null,
        body,
        headers: { 'Content-Type': 'text/plain' },
      });
    expect((await post(await signed({ iat: now }))).status).toBe(200);
    expect((await post(await signed({}))).status).toBe(200);
    for (const claims of [{ iat: now - 2 * 3600 }, { iat: now + 600 }, { exp: now - 600 }]) {
      const body = await expectError(await post(await signed(claims)), 'unauthorized');
      expect(body.error.message).toMatch(/old|future|expired/);
    }
  });

  it('ignores a replayed webhook: no second decision', async () => {
    await start({ pollScheduleMs: [60_000] });
    fake.setOutcome('alice', {
      kind: 'declined',
      reason: 'similarity_threshold_not_passed',
      confidence: 0.31,
    });
    const session = await enrolledSession();
    expect(await uploadAndSettle(server, session, selfie, 5000, clip)).toMatchObject({
      decision: 'rejected',
      reasons: ['selfie_no_match', 'liveness_passed'],
      details: { matchScore: 0.31 },
    });
    expect(await fake.webhooks.replayLast()).toBe(200);
    expect(await countEndings(server, session)).toBe(1);
  });

  it('retries 5xx and 429 (after Retry-After) to success', async () => {
    await start();
    const session = await enrolledSession();
    fake.faults.inject(/^POST \/v1\/validations$/, { kind: 'status', status: 503 }, 2);
    fake.faults.inject(
      /^GET \/v1\/enrollments\//,
      { kind: 'status', status: 429, retryAfter: '1' },
      1,
    );
    const began = Date.now();
    expect(await uploadAndSettle(server, session, selfie, 5000, clip)).toMatchObject({
      decision: 'approved',
    });
    expect(Date.now() - began).toBeGreaterThanOrEqual(900);
    expect(fake.log.filter((line) => line === 'POST /v1/validations')).toHaveLength(3);
    expect(fake.validations.size).toBe(1);
  });

  it('times out a hanging poll and a malformed one, then polls to success', async () => {
    await start({}, 10);
    fake.webhooks.url = undefined;
    const session = await enrolledSession();
    fake.faults.inject(/^GET \/v1\/validations\//, { kind: 'hang' }, 3);
    fake.faults.inject(/^GET \/v1\/validations\//, { kind: 'malformed-json' }, 1);
    expect(await uploadAndSettle(server, session, selfie, 5000, clip)).toMatchObject({
      decision: 'approved',
    });
    expect(logs.lines.join('')).toContain('provider status poll failed');
  });

  it('survives latency on every call', async () => {
    await start();
    fake.faults.inject(/./, { kind: 'latency', ms: 150 }, 100);
    const session = await enrolledSession();
    expect(await uploadAndSettle(server, session, selfie, 5000, clip)).toMatchObject({
      decision: 'approved',
    });
  });

  it('replaces a validation whose upload link expired (403) with retry_of_id', async () => {
    await start();
    const session = await enrolledSession();
    fake.expireNextLink();
    expect(await uploadAndSettle(server, session, selfie, 5000, clip)).toMatchObject({
      decision: 'approved',
    });
    const [expired, retry] = [...fake.validations.values()];
    expect(retry?.retry_of_id).toBe(expired?.validation_id);
    expect(fake.validations.size).toBe(2);
  });

  it('fails with provider_error, in bounded time, when Truora keeps failing or answers garbage', async () => {
    for (const fault of [
      { kind: 'status', status: 500 } as const,
      { kind: 'malformed-json' } as const,
      { kind: 'hang' } as const,
    ]) {
      await start();
      const session = await enrolledSession();
      fake.faults.inject(/^POST \/v1\/validations$/, fault, 10);
      const began = Date.now();
      expect(await uploadAndSettle(server, session, selfie, 6000, clip)).toMatchObject({
        status: 'failed',
        reasons: ['provider_error'],
      });
      expect(Date.now() - began).toBeLessThan(5000);
      expect(await countEndings(server, session)).toBe(1);
      if (fault.kind !== 'hang') {
        await server.close();
        await fake.close();
      }
    }
  });

  it("maps Truora's expired and system_error to failures, not decisions", async () => {
    await start();
    fake.setOutcome('alice', { kind: 'expired', reason: 'face_validation_not_started' });
    fake.setOutcome('bob', { kind: 'system_error' });
    expect(
      await uploadAndSettle(server, await enrolledSession('alice'), selfie, 5000, clip),
    ).toMatchObject({
      status: 'failed',
      decision: null,
      reasons: ['expired'],
    });
    expect(
      await uploadAndSettle(server, await enrolledSession('bob'), selfie, 5000, clip),
    ).toMatchObject({
      status: 'failed',
      reasons: ['provider_error'],
    });
  });

  it('enrolls from an existing enrollment_id, and rejects an unknown one as invalid_reference_id', async () => {
    await start();
    await enrolledSession('carol');
    const [existing] = [...fake.enrollments.values()];
    const linked = await server.call('/v1/enrollments', {
      json: { referenceId: 'carol-linked', providerEnrollmentId: existing?.enrollment_id },
    });
    expect(linked.status).toBe(201);
    expect(await linked.json()).toMatchObject({ status: 'success' });
    await expectError(
      await server.call('/v1/enrollments', {
        json: { referenceId: 'dave', providerEnrollmentId: 'ENR0000000000000000000000' },
      }),
      'invalid_reference_id',
    );
  });

  it('answers 401 to webhooks when no secret is configured', async () => {
    await start({ webhookSecret: '' });
    await expectError(
      await server.call('/v1/providers/truora/webhook', {
        auth: null,
        body: 'eyJhbGciOiJIUzI1NiJ9.e30.x',
      }),
      'unauthorized',
    );
    await expectError(
      await server.call('/v1/providers/vecu/webhook', { auth: null, body: '{}' }),
      'not_found',
    );
  });
});

describe('Truora after a handler restart', () => {
  it('resumes polling the matches in flight', async () => {
    const fake = await startTruoraFake({ processingMs: 600 });
    const store = createMemoryStore();
    const options = { store, clock: () => new Date(), providerTimeoutMs: 4000 };
    const first = await startTestServer({ ...options, provider: providerFor(fake) });
    const selfie = await testPhoto(640, 480);
    expect((await enrollWithSelfie(first, 'erin', selfie)).status).toBe(201);
    const session = await first.session({ referenceId: 'erin' });
    expect((await first.upload(session, selfie, { clip })).status).toBe(201);
    await expect
      .poll(() => fake.log.includes(`GET /v1/validations/${[...fake.validations.keys()][0]}`))
      .toBe(true);
    await first.close();
    const second = await startTestServer({ ...options, provider: providerFor(fake) });
    try {
      expect(await settled(second, session.id)).toMatchObject({ decision: 'approved' });
    } finally {
      await second.close();
      await fake.close();
    }
  });
});

describe('the Truora fake follows the docs on passive liveness', () => {
  it('declines a still image uploaded where a video selfie was asked for (invalid_video_file)', async () => {
    const fake = await startTruoraFake({ processingMs: 10 });
    try {
      const call = (path: string, init: RequestInit = {}) =>
        fetch(`${fake.url}${path}`, {
          ...init,
          headers: { 'Truora-API-Key': fake.apiKey, ...init.headers },
        });
      const form = (fields: [string, string][]) => ({
        method: 'POST',
        body: new URLSearchParams(fields),
      });
      const person: [string, string][] = [
        ['type', 'face-recognition'],
        ['user_authorized', 'true'],
        ['account_id', 'sam'],
      ];
      const enrollment = (await (await call('/v1/enrollments', form(person))).json()) as {
        file_upload_link: string;
      };
      const photo = await testPhoto(320, 240);
      expect(
        (await fetch(enrollment.file_upload_link, { method: 'PUT', body: photo })).status,
      ).toBe(200);
      const created = (await (
        await call(
          '/v1/validations',
          form([
            ...person,
            ['subvalidations', 'similarity'],
            ['subvalidations', 'passive_liveness'],
          ]),
        )
      ).json()) as { validation_id: string; instructions: { file_upload_link: string } };
      const put = await fetch(created.instructions.file_upload_link, {
        method: 'PUT',
        body: photo,
      });
      expect(put.status).toBe(200);
      await expect
        .poll(async () => {
          const response = await call(`/v1/validations/${created.validation_id}?show_details=true`);
          return (await response.json()) as Record<string, unknown>;
        })
        .toMatchObject({
          validation_status: 'failure',
          failure_status: 'declined',
          declined_reason: 'invalid_video_file',
          details: { face_recognition_validations: { passive_liveness_status: 'not_executed' } },
        });
    } finally {
      await fake.close();
    }
  });
});
