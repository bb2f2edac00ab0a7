import type { ReverificationSession } from '@reverify/contract';
import { startVecuFake, type VecuFake, type VecuFakeOptions } from '@reverify/provider-fakes';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { sanitizeImage } from '../../image/sanitize-image.js';
import { expectError } from '../../testing/expect-error.js';
import { startTestServer, type TestServer } from '../../testing/harness.js';
import { testPhoto } from '../../testing/images.js';
import {
  countEndings,
  expectCleanLogs,
  recordingLogger,
  uploadAndSettle,
} from '../../testing/provider-flow.js';
import { describeProviderConformance } from '../conformance.js';
import {
  createVecuProvider,
  type VecuProviderOptions,
  vecuOptionsFromEnv,
} from './vecu-provider.js';

const providerFor = (fake: VecuFake, options: VecuProviderOptions = {}) =>
  createVecuProvider({
    baseUrl: fake.url,
    auth: { header: 'Authorization', value: `Bearer ${fake.apiKey}` },
    webhookSecret: fake.webhookSecret,
    http: { timeoutMs: 300, attempts: 3, maxBackoffMs: 1500 },
    pollScheduleMs: [50, 100, 200],
    ...options,
  });

describeProviderConformance('vecu', async () => {
  const fake = await startVecuFake({ processingMs: 20 });
  fake.addReference('conformance-same');
  fake.addReference('conformance-other', {
    outcome: {
      kind: 'completed',
      decision: 'rejected',
      reasons: ['id.selfie.no_match', 'id.liveness.passed'],
    },
  });
  fake.addReference('conformance-delete');
  const image = await sanitizeImage(await testPhoto(320, 240));
  return {
    // The conformance suite enrolls with a selfie; this provider links the referenceId instead.
    provider: (() => {
      const provider = providerFor(fake);
      return {
        ...provider,
        enroll: (request, signal) =>
          provider.enroll(
            { ...request, image: null, providerEnrollmentId: request.referenceId },
            signal,
          ),
      };
    })(),
    matching: { reference: image, selfie: image },
    otherPerson: image,
    close: () => fake.close(),
  };
});

describe('VECU-style provider through the handler', () => {
  let fake: VecuFake;
  let server: TestServer;
  let logs: ReturnType<typeof recordingLogger>;
  let selfie: Buffer;
  const tokens: string[] = [];

  async function start(
    options: VecuProviderOptions | ((fake: VecuFake) => VecuProviderOptions) = {},
    fakeOptions: VecuFakeOptions = {},
  ) {
    fake = await startVecuFake({ processingMs: 30, ...fakeOptions });
    fake.addReference('alice');
    logs = recordingLogger();
    server = await startTestServer({
      provider: providerFor(fake, typeof options === 'function' ? options(fake) : options),
      providerTimeoutMs: 4000,
      logger: logs.logger,
    });
    fake.webhooks.url = `${server.url}/v1/providers/vecu/webhook`;
  }

  async function session(referenceId = 'alice'): Promise<ReverificationSession> {
    const created = await server.session({ referenceId });
    tokens.push(created.clientToken, created.streamToken);
    return created;
  }

  beforeEach(async () => {
    selfie = await testPhoto(640, 480);
  });

  afterEach(async () => {
    expectCleanLogs(logs.lines, [fake.apiKey, fake.webhookSecret, ...tokens]);
    tokens.length = 0;
    await server.close();
    await fake.close();
  });

  it('starts the provider reverification with the session, and decides by webhook', async () => {
    await start({ pollScheduleMs: [60_000] });
    const created = await session();
    expect(fake.reverifications.size).toBe(1);
    const [remote] = [...fake.reverifications.values()];
    expect(remote).toMatchObject({
      referenceId: 'alice',
      externalId: created.id,
      status: 'awaiting_selfie',
    });
    expect(await uploadAndSettle(server, created, selfie)).toMatchObject({
      status: 'completed',
      decision: 'approved',
      reasons: ['selfie_match', 'liveness_passed'],
      details: { matchScore: 0.94, livenessScore: 0.91, providerReference: remote?.verificationId },
    });
    expect(fake.log.filter((line) => line.startsWith('GET '))).toEqual([]);
    // status_changed (processing), status_changed (completed), completed: all accepted.
    await expect.poll(() => fake.webhooks.sent.map((w) => w.status)).toEqual([200, 200, 200]);
  });

  it('answers invalid_reference_id and reference_expired before the camera opens', async () => {
    await start();
    fake.addReference('expired-person', { expired: true });
    await expectError(
      await server.call('/v1/reverifications', { json: { referenceId: 'stranger' } }),
      'invalid_reference_id',
    );
    await expectError(
      await server.call('/v1/reverifications', { json: { referenceId: 'expired-person' } }),
      'reference_expired',
    );
  });

  it('relays manual_review and rejected decisions with mapped reasons', async () => {
    await start();
    fake.addReference('bob', {
      outcome: {
        kind: 'completed',
        decision: 'manual_review',
        reasons: ['id.selfie.unclear', 'id.liveness.passed'],
      },
    });
    fake.addReference('carol', {
      outcome: { kind: 'completed', decision: 'rejected', reasons: ['id.selfie.no_match'] },
    });
    expect(await uploadAndSettle(server, await session('bob'), selfie)).toMatchObject({
      decision: 'manual_review',
      reasons: ['selfie_unclear', 'liveness_passed'],
    });
    // VECU reported no liveness for carol: the reasons say so (the passive policy's default).
    expect(await uploadAndSettle(server, await session('carol'), selfie)).toMatchObject({
      decision: 'rejected',
      reasons: ['selfie_no_match', 'liveness_not_checked'],
      steps: { match: { status: 'failed' }, liveness: { status: 'review', method: 'provider' } },
    });
  });

  it('fails, without deciding, on reverification.failed', async () => {
    await start({ pollScheduleMs: [60_000] });
    fake.addReference('dave', { outcome: { kind: 'failed', reasons: ['id.system.error'] } });
    expect(await uploadAndSettle(server, await session('dave'), selfie)).toMatchObject({
      status: 'failed',
      decision: null,
      reasons: ['provider_error'],
    });
  });

  it('drops duplicate, out-of-order and replayed webhooks: one decision', async () => {
    await start({ pollScheduleMs: [60_000] });
    Object.assign(fake.webhookFaults, { duplicate: true, outOfOrder: true });
    const created = await session();
    expect(await uploadAndSettle(server, created, selfie)).toMatchObject({ decision: 'approved' });
    await expect.poll(() => fake.webhooks.sent.length).toBe(8);
    expect(await fake.webhooks.replayLast()).toBe(200);
    expect(await countEndings(server, created)).toBe(1);
  });

  it.each([
    ['forged', { forged: true }],
    ['unsigned', { unsigned: true }],
    ['replayed with a stale timestamp', { staleSeconds: 3600 }],
  ])('refuses %s webhooks (401) and decides by polling', async (_name, faults) => {
    await start();
    Object.assign(fake.webhookFaults, faults);
    expect(await uploadAndSettle(server, await session(), selfie)).toMatchObject({
      decision: 'approved',
    });
    expect(new Set(fake.webhooks.sent.map((w) => w.status))).toEqual(new Set([401]));
  });

  it('decides by polling when webhooks never arrive', async () => {
    await start();
    fake.webhooks.url = undefined;
    expect(await uploadAndSettle(server, await session(), selfie)).toMatchObject({
      decision: 'approved',
    });
    expect(fake.log.some((line) => line.startsWith('GET /v1/reverifications/'))).toBe(true);
  });

  it('retries a hanging create and a 5xx selfie upload; the idempotency key keeps one reverification', async () => {
    await start();
    fake.faults.inject(/^POST \/v1\/reverifications$/, { kind: 'latency', ms: 400 }, 1);
    const created = await session();
    expect(fake.log.filter((line) => line === 'POST /v1/reverifications')).toHaveLength(2);
    expect(fake.reverifications.size).toBe(1);
    fake.faults.inject(/\/selfie$/, { kind: 'status', status: 502 }, 1);
    fake.faults.inject(/\/selfie$/, { kind: 'status', status: 429, retryAfter: '1' }, 1);
    expect(await uploadAndSettle(server, created, selfie)).toMatchObject({ decision: 'approved' });
    expect(fake.log.filter((line) => line.endsWith('/selfie'))).toHaveLength(3);
  });

  it('fails the session creation with provider_error or provider_timeout when the API stays down', async () => {
    await start();
    fake.faults.inject(/^POST \/v1\/reverifications$/, { kind: 'status', status: 503 }, 3);
    await expectError(
      await server.call('/v1/reverifications', { json: { referenceId: 'alice' } }),
      'provider_error',
    );
    fake.faults.inject(/^POST \/v1\/reverifications$/, { kind: 'malformed-json' }, 1);
    await expectError(
      await server.call('/v1/reverifications', { json: { referenceId: 'alice' } }),
      'provider_error',
    );
    fake.faults.inject(/^POST \/v1\/reverifications$/, { kind: 'hang' }, 3);
    await expectError(
      await server.call('/v1/reverifications', { json: { referenceId: 'alice' } }),
      'provider_timeout',
    );
    // Nothing was stored for the failed attempts: the next one creates the session.
    expect((await session()).status).toBe('pending');
  });

  it('takes a differently shaped API: base path, auth header, signature scheme', async () => {
    const signature = {
      header: 'Vecu-Signature',
      prefix: '',
      encoding: 'base64',
      timestampHeader: null,
    } as const;
    await start(
      (fake) => ({
        auth: { header: 'X-Api-Key', value: fake.apiKey },
        signature,
        pollScheduleMs: [60_000],
      }),
      { basePath: '/api/v2', auth: { header: 'X-Api-Key', scheme: '' }, signature },
    );
    expect(fake.url).toMatch(/\/api\/v2$/);
    expect(await uploadAndSettle(server, await session(), selfie)).toMatchObject({
      decision: 'approved',
    });
    expect(fake.webhooks.sent[0]?.headers['Vecu-Signature']).toBeDefined();
  });
});

describe('vecuOptionsFromEnv', () => {
  it('reads the base URL, credential, secret and signature scheme', () => {
    expect(
      vecuOptionsFromEnv({
        VECU_BASE_URL: 'https://api.example.com/v1',
        VECU_API_KEY: 'key',
        VECU_AUTH_HEADER: 'X-Api-Key',
        VECU_AUTH_SCHEME: '',
        VECU_WEBHOOK_SECRET: 'secret',
        VECU_SIGNATURE_HEADER: 'Vecu-Signature',
        VECU_SIGNATURE_PREFIX: '',
        VECU_SIGNATURE_ENCODING: 'base64',
        VECU_TIMESTAMP_HEADER: '',
      }),
    ).toEqual({
      baseUrl: 'https://api.example.com/v1',
      auth: { header: 'X-Api-Key', value: 'key' },
      webhookSecret: 'secret',
      signature: {
        header: 'Vecu-Signature',
        prefix: '',
        encoding: 'base64',
        timestampHeader: null,
      },
    });
    expect(vecuOptionsFromEnv({ VECU_API_KEY: 'key' })).toEqual({
      auth: { header: 'Authorization', value: 'Bearer key' },
      signature: {},
    });
  });
});
