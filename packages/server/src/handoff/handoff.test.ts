import {
  HandoffSchema,
  HandoffSessionSchema,
  type ReverificationSession,
} from '@reverify/contract';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ReverifyHandlerOptions } from '../handler-options.js';
import { createDevInbox, type DevInbox } from '../notify/dev-inbox.js';
import type { Notifier } from '../plugin/notifier.js';
import { expectError } from '../testing/expect-error.js';
import { ORIGIN, startTestServer, type TestServer } from '../testing/harness.js';
import { testPhoto } from '../testing/images.js';
import {
  enrollWithSelfie,
  eventsOf,
  expectCleanLogs,
  recordingLogger,
  uploadAndSettle,
} from '../testing/provider-flow.js';

type HandoffOptions = NonNullable<ReverifyHandlerOptions['handoff']>;

let server: TestServer;
let inbox: DevInbox;
let logs: ReturnType<typeof recordingLogger>;
let session: ReverificationSession;

async function start(notifier?: Notifier, handoffOptions: Omit<HandoffOptions, 'notifier'> = {}) {
  inbox = createDevInbox();
  logs = recordingLogger();
  server = await startTestServer({
    handoff: { notifier: notifier ?? inbox, ...handoffOptions },
    logger: logs.logger,
  });
  expect((await enrollWithSelfie(server, 'erin', await testPhoto(320, 240))).status).toBe(201);
  session = await server.session({ referenceId: 'erin' });
}

const handoff = (body?: unknown) =>
  server.call(`/v1/reverifications/${session.id}/handoff`, {
    method: 'POST',
    ...(body === undefined ? {} : { json: body }),
  });
const open = (handoffToken: string, origin = ORIGIN) =>
  server.call('/v1/client/handoff/open', { auth: null, origin, json: { handoffToken } });
const tokenOf = (url: string) => new URL(url).hash.slice(1);

afterEach(async () => {
  await server.close();
});

describe('cross-device handoff', () => {
  beforeEach(() => start());

  it('makes a one-time link with a QR code; the phone captures and the desktop follows', async () => {
    const answer = await handoff();
    expect(answer.status).toBe(201);
    const link = HandoffSchema.parse(await answer.json());
    expect(link.url).toMatch(new RegExp(`^${server.url}/sdk/handoff\\.html#rvh_`));
    expect(link).toMatchObject({ expiresAt: session.expiresAt, message: null });
    expect(link.qrSvg).toMatch(/^<svg[^>]*viewBox/);

    const phone = HandoffSessionSchema.parse(await (await open(tokenOf(link.url))).json());
    expect(phone).toMatchObject({ reverificationId: session.id, referenceId: 'erin' });
    expect(phone.clientToken).not.toBe(session.clientToken);
    await expectError(await open(tokenOf(link.url)), 'handoff_link_used');

    await uploadAndSettle(
      server,
      { id: session.id, clientToken: phone.clientToken },
      await testPhoto(640, 480),
    );
    // The desktop's own stream token sees the phone's decision.
    expect((await eventsOf(server, session)).at(-1)).toMatchObject({
      status: 'completed',
      decision: 'approved',
    });
    expectCleanLogs(logs.lines, [tokenOf(link.url), phone.clientToken]);
  });

  it('replaces the previous link, and refuses foreign origins and unknown tokens', async () => {
    const first = HandoffSchema.parse(await (await handoff()).json());
    const second = HandoffSchema.parse(await (await handoff()).json());
    await expectError(await open(tokenOf(first.url)), 'handoff_link_used');
    await expectError(await open(tokenOf(second.url), 'https://evil.test'), 'origin_not_allowed');
    await expectError(await open('rvh_unknownunknownunknownunknown'), 'unauthorized');
    await expectError(await open(session.clientToken), 'forbidden');
    await expectError(
      await server.call('/v1/client/handoff/open', { auth: null, origin: ORIGIN, json: {} }),
      'invalid_request',
    );
    expect((await open(tokenOf(second.url))).status).toBe(200);
  });

  it('sends the link by SMS or email through the notifier, masked in the answer', async () => {
    const sms = HandoffSchema.parse(
      await (
        await handoff({ phoneNumber: '+5511912345678', sendMessage: true, locale: 'pt-BR' })
      ).json(),
    );
    expect(sms.message).toEqual({ channel: 'sms', to: '+55•••••••5678', messageId: 'dev_1' });
    const email = HandoffSchema.parse(
      await (await handoff({ email: 'erin@example.com', sendMessage: true })).json(),
    );
    expect(email.message).toMatchObject({ channel: 'email', to: 'e•••@example.com' });
    const [emailMessage, smsMessage] = inbox.messages();
    expect(smsMessage).toMatchObject({ to: '+5511912345678', link: sms.url, locale: 'pt-BR' });
    expect(smsMessage?.text).toContain(sms.url);
    expect(emailMessage).toMatchObject({ channel: 'email', link: email.url });
    expectCleanLogs(logs.lines, ['+5511912345678', 'erin@example.com', tokenOf(sms.url)]);
  });

  it.each([
    [{ sendMessage: true }, 'sendMessage'],
    [{ phoneNumber: '11912345678', sendMessage: true }, 'phoneNumber'],
    [{ email: 'not-an-email', sendMessage: true }, 'email'],
    [{ locale: 'fr' }, 'locale'],
    [{ channel: 'sms' }, ''],
  ])('refuses %o', async (body, field) => {
    const error = await expectError(await handoff(body), 'invalid_request');
    expect(JSON.stringify(error.error.details)).toContain(field);
  });

  it('lets the desktop page ask for a link with its client token, from an allowed origin only', async () => {
    const call = (origin: string) =>
      server.call('/v1/client/handoff', { method: 'POST', auth: session.clientToken, origin });
    const answer = await call(ORIGIN);
    expect(answer.status).toBe(201);
    expect(HandoffSchema.parse(await answer.json()).message).toBeNull();
    await expectError(await call('https://evil.test'), 'origin_not_allowed');
    await expectError(
      await server.call('/v1/client/handoff', {
        method: 'POST',
        auth: session.streamToken,
        origin: ORIGIN,
      }),
      'forbidden',
    );
  });

  it("normalizes the seed's +1-555-123-4567 to E.164 before texting it", async () => {
    const sms = HandoffSchema.parse(
      await (await handoff({ phoneNumber: '+1-555-123-4567', sendMessage: true })).json(),
    );
    expect(inbox.messages()[0]).toMatchObject({ to: '+15551234567', link: sms.url });
    expect(sms.message?.to).toBe('+15•••••4567');
    const premium = await expectError(
      await handoff({ phoneNumber: '+1 900 555 0100', sendMessage: true }),
      'invalid_request',
    );
    expect(premium.error.details).toEqual({ field: 'phoneNumber', reason: 'premium' });
    expect(inbox.messages()).toHaveLength(1);
  });

  it("texts the browser's phone number (the VECU SDK's phoneNumber + sendMessage), within limits", async () => {
    const ask = (phoneNumber: string, origin = ORIGIN) =>
      server.call('/v1/client/handoff', {
        auth: session.clientToken,
        origin,
        json: { phoneNumber, sendMessage: true },
      });
    const first = HandoffSchema.parse(await (await ask('+55 (11) 91234-5678')).json());
    expect(first.message).toMatchObject({ channel: 'sms', to: '+55•••••••5678' });
    expect(inbox.messages()[0]).toMatchObject({ to: '+5511912345678', link: first.url });
    expect((await ask('+5511912345678')).status).toBe(201);
    expect((await ask('+5521987654321')).status).toBe(201);
    // A fourth message for this reverification is refused, whatever the number.
    const limited = await ask('+5531987654321');
    await expectError(limited, 'rate_limited');
    expect(Number(limited.headers.get('Retry-After'))).toBeGreaterThan(0);
    expect(inbox.messages()).toHaveLength(3);
    await expectError(
      await server.call('/v1/client/handoff', {
        auth: session.clientToken,
        origin: ORIGIN,
        json: { sendMessage: true },
      }),
      'invalid_request',
    );
    expectCleanLogs(logs.lines, ['91234-5678', '+5511912345678', '+5521987654321']);
  });

  it('makes no link once the reverification is over', async () => {
    server.advance(session.timeoutSeconds + 1);
    await expectError(await handoff(), 'reverification_expired');
    await expectError(
      await server.call('/v1/reverifications/rv_00000000000000000000/handoff', { method: 'POST' }),
      'reverification_not_found',
    );
  });
});

describe('limits on the messages browsers ask for', () => {
  it('caps one destination across reverifications, and refuses them all when turned off', async () => {
    await start(undefined, { clientMessages: { perReverification: 5, perDestinationPerHour: 2 } });
    const ask = async (referenceId: string) => {
      await server.call('/v1/enrollments', {
        json: { referenceId, providerEnrollmentId: `p-${referenceId}` },
      });
      const person = await server.session({ referenceId });
      return server.call('/v1/client/handoff', {
        auth: person.clientToken,
        origin: ORIGIN,
        json: { phoneNumber: '+5511912345678', sendMessage: true },
      });
    };
    expect((await ask('p1')).status).toBe(201);
    expect((await ask('p2')).status).toBe(201);
    await expectError(await ask('p3'), 'rate_limited');
    await server.close();

    await start(undefined, { clientMessages: false, smsCountries: ['BR'] });
    const refused = await server.call('/v1/client/handoff', {
      auth: session.clientToken,
      origin: ORIGIN,
      json: { phoneNumber: '+5511912345678', sendMessage: true },
    });
    await expectError(refused, 'forbidden');
    // Your server may still text, but only to the countries allowed.
    expect((await handoff({ phoneNumber: '+5511912345678', sendMessage: true })).status).toBe(201);
    const abroad = await expectError(
      await handoff({ phoneNumber: '+44 20 7946 0958', sendMessage: true }),
      'invalid_request',
    );
    expect(abroad.error.details).toEqual({ field: 'phoneNumber', reason: 'country' });
  });

  it.each([
    [{ smsCountries: ['br'] }, /smsCountries/],
    [{ clientMessages: { perReverification: 0 } }, /perReverification/],
  ])('refuses %o at start-up', async (handoffOptions, message) => {
    await expect(startTestServer({ handoff: handoffOptions as HandoffOptions })).rejects.toThrow(
      message,
    );
    server = await startTestServer();
  });
});

describe('handoff notifier failures', () => {
  it('answers message_not_sent when the notifier fails', async () => {
    await start({ channels: ['sms'], send: () => Promise.reject(new Error('SMS gateway down')) });
    await expectError(
      await handoff({ phoneNumber: '+5511912345678', sendMessage: true }),
      'message_not_sent',
    );
    await expectError(
      await handoff({ email: 'erin@example.com', sendMessage: true }),
      'invalid_request',
    );
    expect(logs.lines.join('')).not.toContain('SMS gateway down');
  });
});

describe('a handler served under a base path', () => {
  it('answers with and without the prefix, and puts it in the links it makes', async () => {
    inbox = createDevInbox();
    server = await startTestServer({ basePath: '/reverify', handoff: { notifier: inbox } });
    // A plain Node server hands the full path; Express and Hono mounts strip it first.
    expect((await server.call('/reverify/v1/health')).status).toBe(200);
    expect((await server.call('/v1/health')).status).toBe(200);
    await expectError(await server.call('/reverify/nothing-here'), 'not_found');
    expect((await enrollWithSelfie(server, 'erin', await testPhoto(320, 240))).status).toBe(201);
    session = await server.session({ referenceId: 'erin' });
    const link = HandoffSchema.parse(
      await (
        await server.call(`/reverify/v1/reverifications/${session.id}/handoff`, { method: 'POST' })
      ).json(),
    );
    expect(link.url).toMatch(new RegExp(`^${server.url}/reverify/sdk/handoff\\.html#rvh_`));
  });

  it.each(['reverify', '/reverify/', '/v1', '/sdk/x', '/a b'])(
    'refuses basePath %j',
    async (basePath) => {
      await expect(startTestServer({ basePath })).rejects.toThrow(/basePath must be/);
    },
  );
});
