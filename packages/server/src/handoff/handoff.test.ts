import {
  HandoffSchema,
  HandoffSessionSchema,
  type ReverificationSession,
} from '@reverify/contract';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
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

let server: TestServer;
let inbox: DevInbox;
let logs: ReturnType<typeof recordingLogger>;
let session: ReverificationSession;

async function start(notifier?: Notifier) {
  inbox = createDevInbox();
  logs = recordingLogger();
  server = await startTestServer({ handoff: { notifier: notifier ?? inbox }, logger: logs.logger });
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

  it('makes no link once the reverification is over', async () => {
    server.advance(session.timeoutSeconds + 1);
    await expectError(await handoff(), 'reverification_expired');
    await expectError(
      await server.call('/v1/reverifications/rv_00000000000000000000/handoff', { method: 'POST' }),
      'reverification_not_found',
    );
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
