import {
  ClientSessionSchema,
  FactorAuditSchema,
  FactorsSchema,
  FactorTokenSchema,
  MethodResultSchema,
  ReverificationSchema,
  type ReverificationSession,
  ReverificationSessionSchema,
  TotpSetupSchema,
  WebhookPayloadSchema,
} from '@reverify/contract';
import { generate } from 'otplib';
import { afterEach, describe, expect, it } from 'vitest';
import { createDevInbox, type DevInbox } from '../notify/dev-inbox.js';
import { createSandboxProvider } from '../providers/sandbox-provider.js';
import { expectError } from '../testing/expect-error.js';
import { ORIGIN, startTestServer, type TestServer } from '../testing/harness.js';
import { testPhoto } from '../testing/images.js';
import { eventsOf, settled } from '../testing/provider-flow.js';
import { SoftAuthenticator } from '../testing/soft-authenticator.js';
import { startReceiver } from '../testing/webhook-receiver.js';

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

const FACTOR_KEY = Buffer.alloc(32, 7).toString('base64');
const WEBHOOK_SECRET = `whsec_${Buffer.alloc(32, 3).toString('base64')}`;

async function serve(
  options: Parameters<typeof startTestServer>[0] = {},
): Promise<TestServer & { inbox: DevInbox }> {
  const inbox = createDevInbox();
  const server = await startTestServer({
    factors: { secretKey: FACTOR_KEY },
    handoff: { notifier: inbox },
    ...options,
  });
  cleanups.push(() => server.close());
  return Object.assign(server, { inbox });
}

/** A browser call with a client or factor token. */
function browser(server: TestServer, path: string, token: string, json: unknown = {}) {
  return server.call(path, { auth: token, origin: ORIGIN, json });
}

async function enroll(server: TestServer, referenceId: string): Promise<void> {
  const response = await server.call('/v1/enrollments', {
    json: { referenceId, providerEnrollmentId: `p-${referenceId}` },
  });
  expect(response.status).toBe(201);
}

/** A selfie reverification the sandbox approves; returns its session once approved. */
async function approvedSelfie(server: TestServer, referenceId: string) {
  const session = await server.session({ referenceId, liveness: 'off' });
  expect((await server.upload(session, await testPhoto(320, 240))).status).toBe(201);
  expect((await settled(server, session.id)).decision).toBe('approved');
  return session;
}

/** A factor token from an approved selfie of `referenceId`. */
async function factorToken(server: TestServer, referenceId: string): Promise<string> {
  const session = await approvedSelfie(server, referenceId);
  const response = await browser(server, '/v1/client/factors/token', session.clientToken);
  expect(response.status).toBe(201);
  return FactorTokenSchema.parse(await response.json()).factorToken;
}

/** Binds a software passkey to `referenceId` after an approved selfie. */
async function bindPasskey(server: TestServer, referenceId: string): Promise<SoftAuthenticator> {
  const token = await factorToken(server, referenceId);
  const authenticator = new SoftAuthenticator(ORIGIN, 'app.test');
  const options = (await (await browser(server, '/v1/factors/passkeys/options', token)).json()) as {
    challenge: string;
  };
  expect(options).toMatchObject({
    rp: { id: 'app.test' },
    authenticatorSelection: { userVerification: 'required' },
  });
  const registered = await browser(server, '/v1/factors/passkeys', token, {
    response: authenticator.register(options),
    name: 'Test phone',
  });
  expect(registered.status).toBe(201);
  return authenticator;
}

async function passkeyOptions(server: TestServer, session: ReverificationSession) {
  const response = await browser(server, '/v1/client/passkey/options', session.clientToken);
  expect(response.status).toBe(200);
  return (await response.json()) as { challenge: string; allowCredentials: { id: string }[] };
}

async function factorAudit(server: TestServer, referenceId: string) {
  const response = await server.call(`/v1/references/${referenceId}/factor-audit`);
  return FactorAuditSchema.parse(await response.json()).entries;
}

describe('passkeys', () => {
  it('binds a passkey only after an approved selfie, then reverifies with it alone', async () => {
    const receiver = await startReceiver();
    cleanups.push(() => receiver.close());
    const server = await serve({
      webhooks: { endpoints: [{ url: receiver.url, secrets: [WEBHOOK_SECRET] }] },
    });
    await enroll(server, 'alice');
    // No factor token without an approved selfie: a pending reverification gives none.
    const pending = await server.session({ referenceId: 'alice', liveness: 'off' });
    await expectError(
      await browser(server, '/v1/client/factors/token', pending.clientToken),
      'factor_enrolment_not_allowed',
    );
    await server.call(`/v1/reverifications/${pending.id}/restart`, { json: {} });
    const authenticator = await bindPasskey(server, 'alice');
    const listed = FactorsSchema.parse(
      await (await server.call('/v1/references/alice/factors')).json(),
    );
    expect(listed.passkeys).toEqual([
      expect.objectContaining({ id: authenticator.id, name: 'Test phone' }),
    ]);
    expect(JSON.stringify(listed)).not.toContain('publicKey');

    const session = await server.session({ referenceId: 'alice', methods: 'passkey or selfie' });
    const opened = ClientSessionSchema.parse(
      await (await browser(server, '/v1/client/session', session.clientToken)).json(),
    );
    expect(opened.methods).toMatchObject({ open: ['passkey', 'selfie'], done: [] });
    const options = await passkeyOptions(server, session);
    expect(options.allowCredentials.map((c) => c.id)).toEqual([authenticator.id]);
    const answered = await browser(server, '/v1/client/passkey', session.clientToken, {
      response: authenticator.authenticate(options),
    });
    expect(answered.status).toBe(200);
    expect(MethodResultSchema.parse(await answered.json())).toMatchObject({
      status: 'completed',
      decision: 'approved',
    });
    const done = ReverificationSchema.parse(
      await (await server.call(`/v1/reverifications/${session.id}`)).json(),
    );
    expect(done.verifiedBy).toEqual([
      expect.objectContaining({ method: 'passkey', assurance: 'device_user_verification' }),
    ]);
    expect(done.steps.match.status).toBe('skipped');
    const completed = (await eventsOf(server, session)).at(-1);
    expect(completed?.verifiedBy?.map((use) => use.method)).toEqual(['passkey']);
    await server.handler.dispatchWebhooks();
    const webhook = receiver.requests
      .map((request) => WebhookPayloadSchema.parse(JSON.parse(request.body)))
      .find(
        (payload) =>
          payload.data.reverificationId === session.id &&
          payload.data.currentStatus === 'completed',
      );
    expect(webhook?.data.verifiedBy?.[0]).toMatchObject({
      method: 'passkey',
      assurance: 'device_user_verification',
    });
  });

  it('needs both for "selfie and passkey": the selfie is refused until the passkey is done', async () => {
    const server = await serve();
    await enroll(server, 'bob');
    const authenticator = await bindPasskey(server, 'bob');
    const session = await server.session({
      referenceId: 'bob',
      methods: 'selfie and passkey',
      liveness: 'off',
    });
    await expectError(
      await server.upload(session, await testPhoto(320, 240)),
      'method_not_offered',
    );
    const options = await passkeyOptions(server, session);
    const first = MethodResultSchema.parse(
      await (
        await browser(server, '/v1/client/passkey', session.clientToken, {
          response: authenticator.authenticate(options),
        })
      ).json(),
    );
    expect(first).toMatchObject({
      status: 'pending',
      methods: { done: ['passkey'], open: ['selfie'] },
    });
    expect((await server.upload(session, await testPhoto(320, 240))).status).toBe(201);
    const decided = await settled(server, session.id);
    expect(decided.decision).toBe('approved');
    expect(decided.verifiedBy.map((use) => use.method)).toEqual(['passkey', 'selfie']);
  });

  it('refuses replays, expired challenges, wrong origins, missing user verification, another person’s passkey and a counter that went back; stores nothing', async () => {
    const server = await serve();
    await enroll(server, 'carol');
    await enroll(server, 'dave');
    const carols = await bindPasskey(server, 'carol');
    const daves = await bindPasskey(server, 'dave');
    const session = await server.session({ referenceId: 'carol', methods: 'passkey' });
    const answer = (json: unknown) =>
      browser(server, '/v1/client/passkey', session.clientToken, { response: json });

    // Wrong origin, wrong RP id, no user verification.
    for (const bad of [
      { origin: 'https://evil.test' },
      { rpId: 'evil.test' },
      { userVerified: false },
    ]) {
      const options = await passkeyOptions(server, session);
      await expectError(await answer(carols.authenticate(options, bad)), 'passkey_invalid');
    }
    // Another person's passkey.
    await expectError(
      await answer(daves.authenticate(await passkeyOptions(server, session))),
      'passkey_invalid',
    );
    // An expired challenge.
    const stale = await passkeyOptions(server, session);
    server.advance(121);
    await expectError(await answer(carols.authenticate(stale)), 'challenge_expired');
    // A challenge that was never issued.
    await expectError(
      await answer(carols.authenticate({ challenge: Buffer.alloc(32, 1).toString('base64url') })),
      'challenge_invalid',
    );
    const pending = ReverificationSchema.parse(
      await (await server.call(`/v1/reverifications/${session.id}`)).json(),
    );
    expect(pending).toMatchObject({ status: 'pending', verifiedBy: [] });
    // A counter lower than the last one: a cloned authenticator.
    const other = await server.session({ referenceId: 'carol', methods: 'passkey', restart: true });
    await answerOk(server, other, carols, { counter: 10 });
    const third = await server.session({ referenceId: 'carol', methods: 'passkey', restart: true });
    const options = await passkeyOptions(server, third);
    await expectError(
      await browser(server, '/v1/client/passkey', third.clientToken, {
        response: carols.authenticate(options, { counter: 4 }),
      }),
      'passkey_counter_regressed',
    );
    // A replay of the right answer: its challenge was spent.
    const fresh = await passkeyOptions(server, third);
    const good = carols.authenticate(fresh, { counter: 11 });
    const ok = await browser(server, '/v1/client/passkey', third.clientToken, { response: good });
    expect(ok.status).toBe(200);
    await expectError(
      await browser(server, '/v1/client/passkey', third.clientToken, { response: good }),
      'illegal_transition',
    );
    const refusals = (await factorAudit(server, 'carol')).filter((e) => e.action === 'refused');
    expect(refusals.map((e) => e.code)).toEqual([
      'passkey_invalid',
      'passkey_invalid',
      'passkey_invalid',
      'passkey_invalid',
      'challenge_expired',
      'challenge_invalid',
      'passkey_counter_regressed',
      'illegal_transition',
    ]);
    const listed = FactorsSchema.parse(
      await (await server.call('/v1/references/carol/factors')).json(),
    );
    expect(listed.passkeys).toHaveLength(1);
  });

  it('refuses a registration without a factor token, with a replayed challenge, or from another origin', async () => {
    const server = await serve();
    await enroll(server, 'erin');
    await expectError(
      await browser(server, '/v1/factors/passkeys/options', 'rvf_notatokennotatokennotatoken'),
      'unauthorized',
    );
    const token = await factorToken(server, 'erin');
    const authenticator = new SoftAuthenticator(ORIGIN, 'app.test');
    const options = (await (
      await browser(server, '/v1/factors/passkeys/options', token)
    ).json()) as { challenge: string };
    await expectError(
      await browser(server, '/v1/factors/passkeys', token, {
        response: authenticator.register(options, { origin: 'https://evil.test' }),
      }),
      'passkey_invalid',
    );
    await expectError(
      await browser(server, '/v1/factors/passkeys', token, {
        response: authenticator.register(options),
      }),
      'challenge_invalid',
    );
    server.advance(601);
    await expectError(
      await browser(server, '/v1/factors/passkeys/options', token),
      'token_expired',
    );
    expect(
      FactorsSchema.parse(await (await server.call('/v1/references/erin/factors')).json()).passkeys,
    ).toEqual([]);
  });
});

async function answerOk(
  server: TestServer,
  session: ReverificationSession,
  authenticator: SoftAuthenticator,
  answer: { counter: number },
): Promise<void> {
  const options = await passkeyOptions(server, session);
  const response = await browser(server, '/v1/client/passkey', session.clientToken, {
    response: authenticator.authenticate(options, answer),
  });
  expect(response.status).toBe(200);
}

describe('authenticator app (TOTP)', () => {
  it('sets up with a QR code after a selfie, confirms with a code, then reverifies; refuses reuse and locks out', async () => {
    const server = await serve({ factors: { secretKey: FACTOR_KEY, totp: { maxFailures: 3 } } });
    await enroll(server, 'frank');
    const token = await factorToken(server, 'frank');
    const setup = TotpSetupSchema.parse(
      await (await browser(server, '/v1/factors/totp', token)).json(),
    );
    expect(setup.otpauthUri).toContain('secret=');
    const epoch = () => Math.floor(Date.parse('2026-11-25T10:00:00.000Z') / 1000);
    let clockSeconds = epoch();
    const codeAt = (offset = 0) => generate({ secret: setup.secret, epoch: clockSeconds + offset });
    await expectError(
      await browser(server, '/v1/factors/totp/confirm', token, { code: '000000' }),
      'code_invalid',
    );
    const confirmed = await browser(server, '/v1/factors/totp/confirm', token, {
      code: await codeAt(),
    });
    expect(confirmed.status).toBe(200);

    server.advance(60);
    clockSeconds += 60;
    const session = await server.session({ referenceId: 'frank', methods: 'totp' });
    const code = await codeAt(-30); // one step old: still inside the window
    const ok = await browser(server, '/v1/client/totp', session.clientToken, { code });
    expect(MethodResultSchema.parse(await ok.json()).decision).toBe('approved');

    // The same code on a new reverification is refused (never twice), and so is any older one.
    const next = await server.session({ referenceId: 'frank', methods: 'totp' });
    await expectError(
      await browser(server, '/v1/client/totp', next.clientToken, { code }),
      'code_invalid',
    );
    await expectError(
      await browser(server, '/v1/client/totp', next.clientToken, { code: await codeAt(-90) }),
      'code_invalid',
    );
    // A third wrong code locks the app, even against the right code, until the lock-out ends.
    await expectError(
      await browser(server, '/v1/client/totp', next.clientToken, { code: '123456' }),
      'code_invalid',
    );
    const locked = await browser(server, '/v1/client/totp', next.clientToken, {
      code: await codeAt(),
    });
    await expectError(locked, 'too_many_attempts');
    expect(Number(locked.headers.get('Retry-After'))).toBeGreaterThan(0);
    server.advance(901);
    clockSeconds += 901;
    const later = await server.session({ referenceId: 'frank', methods: 'totp', restart: true });
    const after = await browser(server, '/v1/client/totp', later.clientToken, {
      code: await codeAt(),
    });
    expect(after.status).toBe(200);
  });

  it('stores the secret encrypted, and a new set-up keeps the old secret until it is confirmed', async () => {
    const server = await serve();
    await enroll(server, 'gina');
    const token = await factorToken(server, 'gina');
    const first = TotpSetupSchema.parse(
      await (await browser(server, '/v1/factors/totp', token)).json(),
    );
    const now = Math.floor(Date.parse('2026-11-25T10:00:00.000Z') / 1000);
    await browser(server, '/v1/factors/totp/confirm', token, {
      code: await generate({ secret: first.secret, epoch: now }),
    });
    const second = TotpSetupSchema.parse(
      await (await browser(server, '/v1/factors/totp', token)).json(),
    );
    expect(second.secret).not.toBe(first.secret);
    server.advance(30);
    const session = await server.session({ referenceId: 'gina', methods: 'totp' });
    const response = await browser(server, '/v1/client/totp', session.clientToken, {
      code: await generate({ secret: first.secret, epoch: now + 30 }),
    });
    expect(response.status).toBe(200);
  });
});

describe('one-time codes by SMS and email', () => {
  async function withContacts(server: TestServer, referenceId: string) {
    await enroll(server, referenceId);
    const put = await server.call(`/v1/references/${referenceId}/contacts`, {
      method: 'PUT',
      json: { phoneNumber: '+55 11 91234-5678', email: 'Ivy@Example.com' },
    });
    expect(put.status).toBe(200);
    expect(FactorsSchema.parse(await put.json()).contacts).toEqual({
      phoneNumber: '+55•••••••5678',
      email: 'i•••@example.com',
    });
  }

  it('sends a code to the enrolled destination and approves once with it; the code works once', async () => {
    const server = await serve();
    await withContacts(server, 'ivy');
    const session = await server.session({ referenceId: 'ivy', methods: 'sms_code or email_code' });
    const opened = ClientSessionSchema.parse(
      await (await browser(server, '/v1/client/session', session.clientToken)).json(),
    );
    expect(opened.methods.open).toEqual(['sms_code', 'email_code']);
    expect(opened.methods.destinations.sms_code).toBe('+55•••••••5678');
    const sent = await browser(server, '/v1/client/codes', session.clientToken, {
      method: 'sms_code',
      locale: 'es',
    });
    expect(sent.status).toBe(201);
    const message = server.inbox.messages()[0];
    expect(message).toMatchObject({ kind: 'code', channel: 'sms', to: '+5511912345678' });
    const code = message?.kind === 'code' ? message.code : '';
    expect(message?.text).toContain(`${code} es tu código`);
    await expectError(
      await browser(server, '/v1/client/codes/verify', session.clientToken, {
        method: 'email_code',
        code,
      }),
      'code_invalid',
    );
    const ok = await browser(server, '/v1/client/codes/verify', session.clientToken, {
      method: 'sms_code',
      code: `${code.slice(0, 3)} ${code.slice(3)}`,
    });
    expect(MethodResultSchema.parse(await ok.json()).decision).toBe('approved');
    await expectError(
      await browser(server, '/v1/client/codes/verify', session.clientToken, {
        method: 'sms_code',
        code,
      }),
      'illegal_transition',
    );
  });

  it('burns a code after too many wrong tries, expires codes, and limits codes per person', async () => {
    const server = await serve({
      factors: {
        secretKey: FACTOR_KEY,
        codes: { maxAttempts: 2, perHour: 3, lifetimeSeconds: 120 },
      },
    });
    await withContacts(server, 'jack');
    const session = await server.session({
      referenceId: 'jack',
      methods: 'email_code',
      timeoutSeconds: 3600,
    });
    const send = () =>
      browser(server, '/v1/client/codes', session.clientToken, { method: 'email_code' });
    const verify = (code: string) =>
      browser(server, '/v1/client/codes/verify', session.clientToken, {
        method: 'email_code',
        code,
      });
    const latest = () => {
      const message = server.inbox.messages()[0];
      return message?.kind === 'code' ? message.code : '';
    };
    expect((await send()).status).toBe(201);
    const wrong = latest() === '000000' ? '111111' : '000000';
    await expectError(await verify(wrong), 'code_invalid');
    await expectError(await verify(wrong), 'too_many_attempts');
    await expectError(await verify(latest()), 'code_invalid');
    expect((await send()).status).toBe(201);
    server.advance(121);
    await expectError(await verify(latest()), 'code_invalid');
    expect((await send()).status).toBe(201);
    await expectError(await send(), 'rate_limited');
    const codes = (await factorAudit(server, 'jack')).map((e) => e.code ?? e.action);
    expect(codes).toEqual([
      'code_sent',
      'code_invalid',
      'too_many_attempts',
      'code_invalid',
      'code_sent',
      'code_invalid',
      'code_sent',
      'rate_limited',
    ]);
    const current = ReverificationSchema.parse(
      await (await server.call(`/v1/reverifications/${session.id}`)).json(),
    );
    expect(current.status).toBe('pending');
  });

  it('refuses a method the policy does not offer, and one the person has not enrolled', async () => {
    const server = await serve();
    await enroll(server, 'kim');
    const selfieOnly = await server.session({ referenceId: 'kim' });
    await expectError(
      await browser(server, '/v1/client/codes', selfieOnly.clientToken, { method: 'sms_code' }),
      'method_not_offered',
    );
    const codes = await server.session({
      referenceId: 'kim',
      methods: 'sms_code or selfie',
      restart: true,
    });
    const opened = ClientSessionSchema.parse(
      await (await browser(server, '/v1/client/session', codes.clientToken)).json(),
    );
    expect(opened.methods).toMatchObject({ open: ['selfie'], unavailable: ['sms_code'] });
    await expectError(
      await browser(server, '/v1/client/codes', codes.clientToken, { method: 'sms_code' }),
      'factor_not_enrolled',
    );
  });
});

describe('a handler without what a factor needs', () => {
  it('in production without a factor key or a domain origin: the app and passkeys are unavailable, said as such', async () => {
    const key = 'sk_live_0123456789abcdefghijklmnopqrstuv';
    const previous = process.env.REVERIFY_FACTOR_KEY;
    delete process.env.REVERIFY_FACTOR_KEY;
    const server = await serve({
      mode: 'production',
      secretKeys: [key],
      publishableKeys: [],
      provider: { ...createSandboxProvider({ latencyMs: 30 }), production: true },
      factors: {},
      // An IP address cannot be a WebAuthn relying party.
      allowedOrigins: ['http://127.0.0.1:8080'],
    });
    if (previous !== undefined) process.env.REVERIFY_FACTOR_KEY = previous;
    const enrolled = await server.call('/v1/enrollments', {
      auth: key,
      json: { referenceId: 'lou', providerEnrollmentId: 'p-lou' },
    });
    expect(enrolled.status).toBe(201);
    const created = await server.call('/v1/reverifications', {
      auth: key,
      json: { referenceId: 'lou', methods: 'passkey or totp or selfie' },
    });
    const session = ReverificationSessionSchema.parse(await created.json());
    const opened = ClientSessionSchema.parse(
      await (
        await server.call('/v1/client/session', {
          auth: session.clientToken,
          origin: 'http://127.0.0.1:8080',
          json: {},
        })
      ).json(),
    );
    expect(opened.methods.open).toEqual(['selfie']);
    expect([...opened.methods.unavailable].sort()).toEqual(['passkey', 'totp']);
    const grant = await server.call('/v1/references/lou/factor-token', { auth: key, json: {} });
    expect(grant.status).toBe(201);
    const { factorToken } = FactorTokenSchema.parse(await grant.json());
    for (const path of ['/v1/factors/totp', '/v1/factors/passkeys/options']) {
      await expectError(
        await server.call(path, { auth: factorToken, origin: 'http://127.0.0.1:8080', json: {} }),
        'factor_unavailable',
      );
    }
  });
});

describe('deletion', () => {
  it('deletes passkeys, the authenticator secret and contacts with the biometric data', async () => {
    const server = await serve();
    await enroll(server, 'lee');
    await bindPasskey(server, 'lee');
    await server.call('/v1/references/lee/contacts', {
      method: 'PUT',
      json: { email: 'lee@example.com' },
    });
    const response = await server.call('/v1/references/lee/biometric-data', { method: 'DELETE' });
    expect(((await response.json()) as { deleted: unknown }).deleted).toMatchObject({
      passkeys: 1,
      contacts: 1,
    });
    const listed = await (await server.call('/v1/references/lee/factors')).json();
    expect(listed).toMatchObject({ passkeys: [], totp: null, contacts: { email: null } });
  });
});
