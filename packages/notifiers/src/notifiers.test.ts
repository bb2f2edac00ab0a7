import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { CodeMessage, HandoffMessage } from '@reverify/server';
import { ReverifyConfigError } from '@reverify/server/provider';
import { SMTPServer } from 'smtp-server';
import { afterEach, describe, expect, it } from 'vitest';
import { combineNotifiers } from './combine.js';
import { createSmtpEmailNotifier } from './smtp-email.js';
import { createTwilioSmsNotifier, TwilioError } from './twilio-sms.js';

const message: HandoffMessage = {
  channel: 'sms',
  to: '+5511912345678',
  link: 'https://app.test/sdk/handoff.html#rvh_onetimeonetimeonetime',
  locale: 'es',
  expiresAt: '2026-01-01T00:00:00.000Z',
  reverificationId: 'rv_0123456789abcdefABCD',
};
const closers: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const close of closers.splice(0)) await close();
});

interface TwilioCall {
  path: string;
  authorization: string | undefined;
  form: URLSearchParams;
}

/** A fake of Twilio's Messages API on 127.0.0.1, following its documented contract. */
async function twilioFake(answer: (call: TwilioCall) => { status: number; body: unknown }) {
  const calls: TwilioCall[] = [];
  const server = createServer((request: IncomingMessage, response) => {
    let raw = '';
    request.on('data', (chunk) => {
      raw += chunk;
    });
    request.on('end', () => {
      const call = {
        path: request.url ?? '',
        authorization: request.headers.authorization,
        form: new URLSearchParams(raw),
      };
      calls.push(call);
      const { status, body } = answer(call);
      response.writeHead(status, { 'Content-Type': 'application/json' }).end(JSON.stringify(body));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  closers.push(() => new Promise<void>((resolve) => server.close(() => resolve())));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, calls };
}

describe('Twilio SMS notifier', () => {
  it('posts To, From and the localized Body with basic auth, and returns the message sid', async () => {
    const fake = await twilioFake(() => ({
      status: 201,
      body: { sid: 'SM0123456789abcdef', status: 'queued' },
    }));
    const sms = createTwilioSmsNotifier({
      accountSid: 'AC123',
      authToken: 'tok',
      from: '+15005550006',
      baseUrl: fake.url,
    });
    expect(await sms.send(message)).toEqual({ messageId: 'SM0123456789abcdef' });
    const [call] = fake.calls;
    expect(call?.path).toBe('/2010-04-01/Accounts/AC123/Messages.json');
    expect(call?.authorization).toBe(`Basic ${Buffer.from('AC123:tok').toString('base64')}`);
    expect(call?.form.get('To')).toBe('+5511912345678');
    expect(call?.form.get('From')).toBe('+15005550006');
    expect(call?.form.get('Body')).toBe(
      `Continúa tu verificación de identidad en este dispositivo: ${message.link} (enlace de un solo uso)`,
    );
  });

  it("texts a one-time code in the person's language", async () => {
    const fake = await twilioFake(() => ({
      status: 201,
      body: { sid: 'SMcode', status: 'queued' },
    }));
    const sms = createTwilioSmsNotifier({
      accountSid: 'AC123',
      authToken: 'tok',
      from: '+15005550006',
      baseUrl: fake.url,
    });
    const code: CodeMessage = { ...message, kind: 'code', code: '493017', locale: 'pt-BR' };
    expect(await sms.send(code)).toEqual({ messageId: 'SMcode' });
    expect(fake.calls[0]?.form.get('Body')).toBe(
      '493017 é seu código de verificação de identidade. Vale uma vez, por 10 minutos. Não o compartilhe.',
    );
  });

  it('sends through a Messaging Service, and surfaces Twilio errors without retrying', async () => {
    const fake = await twilioFake(({ form }) =>
      form.get('To') === '+10000000000'
        ? {
            status: 400,
            body: { code: 21211, message: "The 'To' number is not valid.", status: 400 },
          }
        : { status: 201, body: { sid: 'SMok' } },
    );
    const sms = createTwilioSmsNotifier({
      accountSid: 'AC1',
      authToken: 't',
      from: 'MG123',
      baseUrl: fake.url,
    });
    await sms.send(message);
    expect(fake.calls[0]?.form.get('MessagingServiceSid')).toBe('MG123');
    const failure = await sms
      .send({ ...message, to: '+10000000000' })
      .catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(TwilioError);
    expect(failure).toMatchObject({ status: 400, code: 21211 });
    expect(fake.calls).toHaveLength(2);
    const down = createTwilioSmsNotifier({
      accountSid: 'AC1',
      authToken: 't',
      from: 'MG1',
      baseUrl: 'http://127.0.0.1:1',
    });
    await expect(down.send(message)).rejects.toMatchObject({ status: null });
  });

  it('refuses to start without credentials', () => {
    expect(() => createTwilioSmsNotifier({ accountSid: '', authToken: 'x', from: 'y' })).toThrow(
      /TWILIO_ACCOUNT_SID/,
    );
    expect(() => createTwilioSmsNotifier({ accountSid: '', authToken: 'x', from: 'y' })).toThrow(
      ReverifyConfigError,
    );
  });
});

describe('SMTP email notifier', () => {
  it('delivers the localized link to a real SMTP server', async () => {
    const received: { to: string[]; data: string }[] = [];
    const smtp = new SMTPServer({
      authOptional: true,
      disabledCommands: ['STARTTLS'],
      onData(stream, session, callback) {
        let data = '';
        stream.on('data', (chunk) => {
          data += chunk;
        });
        stream.on('end', () => {
          received.push({ to: session.envelope.rcptTo.map((r) => r.address), data });
          callback();
        });
      },
    });
    await new Promise<void>((resolve) => smtp.listen(0, '127.0.0.1', resolve));
    closers.push(() => new Promise<void>((resolve) => smtp.close(() => resolve())));
    const port = (smtp.server.address() as AddressInfo).port;
    const email = createSmtpEmailNotifier({
      url: `smtp://127.0.0.1:${port}`,
      from: 'Acme <no-reply@acme.test>',
      allowInsecure: true,
    });
    closers.push(() => email.close());
    const sent = await email.send({
      ...message,
      channel: 'email',
      to: 'erin@example.com',
      locale: 'pt-BR',
    });
    expect(sent.messageId).toMatch(/@/);
    expect(received[0]?.to).toEqual(['erin@example.com']);
    const data = received[0]?.data.replace(/=\r?\n/g, '') ?? '';
    expect(data).toContain('Subject: =?UTF-8?Q?Continue_sua_verifica=C3=A7=C3=A3o_de_id');
    expect(data).toContain('neste aparelho: https://app.test/sdk/handoff.html#');
    expect(data).toContain('rvh_onetimeonetimeonetime');
  });

  it('requires TLS unless told otherwise, and a smtp(s) URL', async () => {
    expect(() => createSmtpEmailNotifier({ url: 'http://mail.test', from: 'a@b.test' })).toThrow(
      /smtp/,
    );
    expect(() => createSmtpEmailNotifier({ url: 'http://mail.test', from: 'a@b.test' })).toThrow(
      ReverifyConfigError,
    );
    const smtp = new SMTPServer({ authOptional: true, disabledCommands: ['STARTTLS'] });
    await new Promise<void>((resolve) => smtp.listen(0, '127.0.0.1', resolve));
    closers.push(() => new Promise<void>((resolve) => smtp.close(() => resolve())));
    const port = (smtp.server.address() as AddressInfo).port;
    const strict = createSmtpEmailNotifier({
      url: `smtp://127.0.0.1:${port}`,
      from: 'a@b.test',
      timeoutMs: 2000,
    });
    closers.push(() => strict.close());
    await expect(strict.send({ ...message, channel: 'email', to: 'x@y.test' })).rejects.toThrow(
      /STARTTLS|TLS/,
    );
  });
});

describe('combineNotifiers', () => {
  it('routes each channel to its notifier', async () => {
    const sent: string[] = [];
    const fake = (channel: 'sms' | 'email') => ({
      channels: [channel] as const,
      send: async () => {
        sent.push(channel);
        return { messageId: channel };
      },
    });
    const both = combineNotifiers(fake('sms'), fake('email'));
    expect(both.channels).toEqual(['sms', 'email']);
    await both.send({ ...message, channel: 'email', to: 'a@b.test' });
    await both.send(message);
    expect(sent).toEqual(['email', 'sms']);
    await expect(
      combineNotifiers(fake('sms')).send({ ...message, channel: 'email' }),
    ).rejects.toThrow(/email/);
  });
});
