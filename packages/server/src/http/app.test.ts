import {
  EnrollmentSchema,
  ReverificationSchema,
  ReverificationSessionSchema,
} from '@reverify/contract';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { FaceMatchProvider } from '../plugin/provider.js';
import { createSandboxProvider } from '../providers/sandbox-provider.js';
import { createMemoryStore } from '../store/memory/memory-store.js';
import { expectError } from '../testing/expect-error.js';
import {
  ORIGIN,
  PUBLISHABLE_KEY,
  SECRET_KEY,
  startTestServer,
  type TestServer,
} from '../testing/harness.js';
import { testPhoto } from '../testing/images.js';

let server: TestServer;
beforeEach(async () => {
  server = await startTestServer();
});
afterEach(async () => {
  await server.close();
});

async function enroll(referenceId: string) {
  const form = new FormData();
  form.set('referenceId', referenceId);
  form.set('selfie', new Blob([await testPhoto(640, 480)]), 'reference.jpg');
  return server.call('/v1/enrollments', { body: form });
}

describe('enrollments', () => {
  it('enrolls from a reference selfie, then reads it by id and by referenceId', async () => {
    const created = await enroll('alice');
    expect(created.status).toBe(201);
    const enrollment = EnrollmentSchema.parse(await created.json());
    expect(enrollment).toMatchObject({
      referenceId: 'alice',
      status: 'success',
      provider: 'sandbox',
    });
    expect(
      EnrollmentSchema.parse(await (await server.call(`/v1/enrollments/${enrollment.id}`)).json())
        .id,
    ).toBe(enrollment.id);
    const byRef = await server.call('/v1/enrollments?referenceId=alice');
    expect(EnrollmentSchema.parse(await byRef.json()).id).toBe(enrollment.id);
    const again = await enroll('alice');
    expect(again.status).toBe(200);
    expect(EnrollmentSchema.parse(await again.json()).id).toBe(enrollment.id);
  });

  it('enrolls from a provider enrollment id as JSON', async () => {
    const response = await server.call('/v1/enrollments', {
      json: { referenceId: 'bob', providerEnrollmentId: 'ENR-1' },
    });
    expect(response.status).toBe(201);
    expect(EnrollmentSchema.parse(await response.json()).providerEnrollmentId).toBe('ENR-1');
  });

  it('refuses bad enrollments with typed errors', async () => {
    await expectError(
      await server.call('/v1/enrollments', { json: { referenceId: 'bob' } }),
      'invalid_request',
    );
    await expectError(
      await server.call('/v1/enrollments', { json: { providerEnrollmentId: 'x' } }),
      'invalid_request',
    );
    await expectError(
      await server.call('/v1/enrollments', {
        body: 'referenceId=bob',
        headers: { 'Content-Type': 'text/plain' },
      }),
      'unsupported_media_type',
    );
    await expectError(
      await server.call('/v1/enrollments', {
        body: '{"referenceId":',
        headers: { 'Content-Type': 'application/json' },
      }),
      'invalid_request',
    );
    const form = new FormData();
    form.set('referenceId', 'carol');
    form.set('selfie', new Blob([Buffer.from('not an image at all')]), 'x.jpg');
    await expectError(
      await server.call('/v1/enrollments', { body: form }),
      'unsupported_media_type',
    );
    await expectError(
      await server.call('/v1/enrollments/en_00000000000000000000'),
      'enrollment_not_found',
    );
    await expectError(await server.call('/v1/enrollments/not-an-id'), 'enrollment_not_found');
    await expectError(
      await server.call('/v1/enrollments?referenceId=nobody'),
      'enrollment_not_found',
    );
    await expectError(await server.call('/v1/enrollments'), 'invalid_request');
  });

  it('deletes all biometric data of a referenceId', async () => {
    await enroll('dora');
    const session = await server.session({ referenceId: 'dora' });
    expect((await server.upload(session, await testPhoto(640, 480))).status).toBe(201);
    const response = await server.call('/v1/references/dora/biometric-data', { method: 'DELETE' });
    expect(await response.json()).toEqual({
      referenceId: 'dora',
      deleted: {
        referenceImages: 1,
        captures: 1,
        templates: 0,
        keyframes: 0,
        clips: 0,
        passkeys: 0,
        authenticators: 0,
        contacts: 0,
      },
    });
    const twice = await server.call('/v1/references/dora/biometric-data', { method: 'DELETE' });
    expect(await twice.json()).toEqual({
      referenceId: 'dora',
      deleted: {
        referenceImages: 0,
        captures: 0,
        templates: 0,
        keyframes: 0,
        clips: 0,
        passkeys: 0,
        authenticators: 0,
        contacts: 0,
      },
    });
  });
});

describe('reverifications', () => {
  it('creates a session with browser tokens and reads it back', async () => {
    const response = await server.call('/v1/reverifications', {
      json: { referenceId: 'sandbox_approved', metadata: { order: 'A1' } },
    });
    expect(response.status).toBe(201);
    const session = ReverificationSessionSchema.parse(await response.json());
    expect(session).toMatchObject({
      status: 'pending',
      timeoutSeconds: 300,
      expiresAt: '2026-11-25T10:05:00.000Z',
      tokensExpireAt: '2026-11-25T10:10:00.000Z',
    });
    expect(session.clientToken).not.toBe(session.streamToken);
    const read = ReverificationSchema.parse(
      await (await server.call(`/v1/reverifications/${session.id}`)).json(),
    );
    expect(read).toMatchObject({ id: session.id, metadata: { order: 'A1' } });
    expect(read.details).toBeUndefined();
    const detailed = ReverificationSchema.parse(
      await (await server.call(`/v1/reverifications/${session.id}?details=true`)).json(),
    );
    expect(detailed.details).toEqual({
      matchScore: null,
      livenessScore: null,
      providerReference: null,
      providerEnrollmentId: 'sbx_sandbox_approved',
      capturedAt: null,
      review: null,
    });
  });

  it('returns the active session for the same referenceId unless asked to restart', async () => {
    const first = await server.session({ referenceId: 'sandbox_approved' });
    const repeat = await server.call('/v1/reverifications', {
      json: { referenceId: 'sandbox_approved' },
    });
    expect(repeat.status).toBe(200);
    const again = ReverificationSessionSchema.parse(await repeat.json());
    expect(again.id).toBe(first.id);
    expect(again.clientToken).not.toBe(first.clientToken);
    const restarted = await server.session({ referenceId: 'sandbox_approved', restart: true });
    expect(restarted.id).not.toBe(first.id);
    expect(restarted.retryOf).toBe(first.id);
    const old = ReverificationSchema.parse(
      await (await server.call(`/v1/reverifications/${first.id}`)).json(),
    );
    expect(old).toMatchObject({ status: 'expired', reasons: ['expired'] });
  });

  it("refuses a second one with already_assigned when asked, as Trust Swiftly's reverify does", async () => {
    expect((await enroll('frank')).status).toBe(201);
    const first = ReverificationSessionSchema.parse(
      await (await server.call('/v1/reverifications', { json: { referenceId: 'frank' } })).json(),
    );
    const refused = await server.call('/v1/reverifications', {
      json: { referenceId: 'frank', ifActive: 'refuse' },
    });
    const body = await expectError(refused, 'already_assigned');
    expect(body.error.details).toEqual({ activeReverificationId: first.id });
    // The default is VerifyHQ's: the active one comes back.
    const returned = await server.call('/v1/reverifications', {
      json: { referenceId: 'frank', ifActive: 'return' },
    });
    expect(returned.status).toBe(200);
    expect(((await returned.json()) as { id: string }).id).toBe(first.id);
    await expectError(
      await server.call('/v1/reverifications', {
        json: { referenceId: 'frank', ifActive: 'refuse', restart: true },
      }),
      'invalid_request',
    );
    await expectError(
      await server.call('/v1/reverifications', {
        json: { referenceId: 'frank', ifActive: 'maybe' },
      }),
      'invalid_request',
    );
  });

  it('expires a session past its timeout, on read and by the sweeper', async () => {
    const onRead = await server.session({ referenceId: 'sandbox_approved', timeoutSeconds: 30 });
    const bySweep = await server.session({ referenceId: 'sandbox_rejected', timeoutSeconds: 60 });
    server.advance(31);
    const read = ReverificationSchema.parse(
      await (await server.call(`/v1/reverifications/${onRead.id}`)).json(),
    );
    expect(read).toMatchObject({
      status: 'expired',
      reasons: ['expired'],
      completedAt: '2026-11-25T10:00:31.000Z',
    });
    expect(await server.handler.sweep()).toEqual({ expired: 0, purged: 0 });
    server.advance(30);
    expect(await server.handler.sweep()).toEqual({ expired: 1, purged: 0 });
    const swept = ReverificationSchema.parse(
      await (await server.call(`/v1/reverifications/${bySweep.id}`)).json(),
    );
    expect(swept.status).toBe('expired');
    await expectError(
      await server.upload(onRead, await testPhoto(320, 240)),
      'reverification_expired',
    );
  });

  it('needs a successful enrollment', async () => {
    await expectError(
      await server.call('/v1/reverifications', { json: { referenceId: 'stranger' } }),
      'enrollment_not_found',
    );
    await server.call('/v1/enrollments', {
      json: { referenceId: 'sandbox_not_enrolled', providerEnrollmentId: 'x' },
    });
    await expectError(
      await server.call('/v1/reverifications', { json: { referenceId: 'sandbox_not_enrolled' } }),
      'enrollment_not_ready',
    );
  });

  it('validates the body', async () => {
    for (const json of [
      {},
      { referenceId: '' },
      { referenceId: 'sandbox_approved', timeoutSeconds: 21_601 },
      { referenceId: 'sandbox_approved', threshold: 2 },
      { referenceId: 'sandbox_approved', extra: 1 },
    ]) {
      const body = await expectError(
        await server.call('/v1/reverifications', { json }),
        'invalid_request',
      );
      expect(body.error.details?.issues).toBeInstanceOf(Array);
    }
    await expectError(
      await server.call('/v1/reverifications', { json: { referenceId: 'x'.repeat(70_000) } }),
      'payload_too_large',
    );
    await expectError(
      await server.call('/v1/reverifications/rv_00000000000000000000'),
      'reverification_not_found',
    );
    await expectError(await server.call('/v1/reverifications/bogus'), 'reverification_not_found');
  });

  it('lets a publishable key start a sandbox session from an allowed origin only', async () => {
    const ok = await server.call('/v1/reverifications', {
      auth: PUBLISHABLE_KEY,
      origin: ORIGIN,
      json: { referenceId: 'sandbox_approved' },
    });
    expect(ok.status).toBe(201);
    expect(ok.headers.get('Access-Control-Allow-Origin')).toBe(ORIGIN);
    await expectError(
      await server.call('/v1/reverifications', {
        auth: PUBLISHABLE_KEY,
        json: { referenceId: 'sandbox_approved' },
      }),
      'origin_not_allowed',
    );
    await expectError(
      await server.call('/v1/reverifications', {
        auth: PUBLISHABLE_KEY,
        origin: 'http://evil.test',
        json: { referenceId: 'sandbox_approved' },
      }),
      'origin_not_allowed',
    );
    const session = ReverificationSessionSchema.parse(await ok.json());
    await expectError(
      await server.call(`/v1/reverifications/${session.id}`, { auth: PUBLISHABLE_KEY }),
      'forbidden',
    );
    await expectError(
      await server.call('/v1/enrollments', {
        auth: PUBLISHABLE_KEY,
        json: { referenceId: 'a', providerEnrollmentId: 'b' },
      }),
      'forbidden',
    );
  });
});

describe('protocol', () => {
  it("takes the API key from X-API-Key as VerifyHQ's API sends it, and refuses two different keys", async () => {
    const key = { 'X-API-Key': SECRET_KEY };
    expect((await enroll('verifyhq-person')).status).toBe(201);
    const created = await server.call('/v1/reverifications', {
      auth: null,
      headers: key,
      json: { referenceId: 'verifyhq-person' },
    });
    expect(created.status).toBe(201);
    // The same key in both places is one credential.
    expect((await server.call('/v1/reverifications?limit=1', { headers: key })).status).toBe(200);
    await expectError(
      await server.call('/v1/reverifications?limit=1', {
        headers: { 'X-API-Key': 'sk_test_someoneelsesomeoneelsesomeone' },
      }),
      'invalid_request',
    );
    await expectError(
      await server.call('/v1/reverifications?limit=1', {
        auth: null,
        headers: { 'X-API-Key': 'sk_test_wrongwrongwrongwrongwrongwrong' },
      }),
      'unauthorized',
    );
  });

  it('answers every route with a request id and the envelope on 401, 404 and 405', async () => {
    const health = await server.call('/v1/health', { auth: null });
    expect(health.headers.get('X-Request-Id')).toMatch(/^req_/);
    await expectError(
      await server.call('/v1/reverifications/rv_00000000000000000000', { auth: null }),
      'unauthorized',
    );
    await expectError(
      await server.call('/v1/reverifications/rv_00000000000000000000', {
        auth: 'sk_test_wrongwrongwrongwrongwrongwrong',
      }),
      'unauthorized',
    );
    await expectError(await server.call('/v2/anything'), 'not_found');
    const wrongMethod = await server.call('/v1/reverifications', { method: 'PUT' });
    await expectError(wrongMethod, 'method_not_allowed');
    expect(wrongMethod.headers.get('Allow')).toBe('POST, GET, HEAD, OPTIONS');
    await expectError(
      await server.call('/v1/reverifications/rv_00000000000000000000/capture', { method: 'GET' }),
      'method_not_allowed',
    );
  });

  it('answers CORS preflights for allowed origins only', async () => {
    const preflight = (origin: string) =>
      fetch(`${server.url}/v1/reverifications/rv_00000000000000000000/capture`, {
        method: 'OPTIONS',
        headers: {
          Origin: origin,
          'Access-Control-Request-Method': 'POST',
          'Access-Control-Request-Headers': 'authorization,idempotency-key',
        },
      });
    const allowed = await preflight(ORIGIN);
    expect(allowed.status).toBe(204);
    expect(allowed.headers.get('Access-Control-Allow-Origin')).toBe(ORIGIN);
    expect(allowed.headers.get('Access-Control-Allow-Headers')?.toLowerCase()).toContain(
      'idempotency-key',
    );
    const denied = await preflight('http://evil.test');
    expect(denied.headers.get('Access-Control-Allow-Origin')).toBeNull();
  });

  it('rate-limits per address and per key with Retry-After', async () => {
    await server.close();
    server = await startTestServer({
      rateLimit: {
        perIp: { points: 5, durationSeconds: 60 },
        perKey: { points: 3, durationSeconds: 60 },
      },
    });
    const byKey = [];
    for (let i = 0; i < 4; i++) byKey.push(await server.call('/v1/enrollments?referenceId=x'));
    expect(byKey.slice(0, 3).map((r) => r.status)).toEqual([404, 404, 404]);
    const limited = byKey[3] as Response;
    await expectError(limited, 'rate_limited');
    expect(Number(limited.headers.get('Retry-After'))).toBeGreaterThanOrEqual(1);
    const byIp = [];
    for (let i = 0; i < 3; i++) byIp.push((await server.call('/v1/health', { auth: null })).status);
    expect(byIp).toEqual([200, 429, 429]);
  });

  it('hides unexpected failures behind internal_error', async () => {
    await server.close();
    const store = createMemoryStore();
    server = await startTestServer({
      store: {
        transaction: () => Promise.reject(new Error('disk on fire: /secret/path')),
        close: () => store.close(),
      },
    });
    const response = await server.call('/v1/enrollments?referenceId=x');
    const body = await expectError(response, 'internal_error');
    expect(JSON.stringify(body)).not.toContain('disk on fire');
  });

  it('maps a failing or hanging provider to provider_error and provider_timeout', async () => {
    await server.close();
    const sandbox = createSandboxProvider();
    const broken: FaceMatchProvider = {
      ...sandbox,
      enroll: async (request) => {
        if (request.referenceId === 'hang') return new Promise(() => {});
        throw new Error('HTTP 500 from provider');
      },
    };
    server = await startTestServer({ provider: broken, providerTimeoutMs: 100 });
    await expectError(
      await server.call('/v1/enrollments', {
        json: { referenceId: 'boom', providerEnrollmentId: 'x' },
      }),
      'provider_error',
    );
    await expectError(
      await server.call('/v1/enrollments', {
        json: { referenceId: 'hang', providerEnrollmentId: 'x' },
      }),
      'provider_timeout',
    );
  });
});
