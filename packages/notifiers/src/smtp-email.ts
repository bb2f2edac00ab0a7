import {
  handoffMessageText,
  type Notifier,
  type NotifierMessage,
  ReverifyConfigError,
} from '@reverify/server/provider';
import nodemailer from 'nodemailer';

/** Options of {@link createSmtpEmailNotifier}; each falls back to an environment variable. */
export interface SmtpEmailOptions {
  /**
   * The SMTP server as a URL: `smtps://user:pass@smtp.example.com:465` or
   * `smtp://…:587` (STARTTLS). Default `$SMTP_URL`.
   */
  readonly url?: string;
  /** The sender, e.g. `Acme <no-reply@acme.example>`. Default `$SMTP_FROM`. */
  readonly from?: string;
  /** Allow a server without TLS (local development only). Default `false`. */
  readonly allowInsecure?: boolean;
  /** Milliseconds for the connection and each SMTP step. Default 10000. */
  readonly timeoutMs?: number;
}

/**
 * Sends handoff links by email through any SMTP server, with Nodemailer (the
 * standard SMTP client for Node). TLS is required unless `allowInsecure`.
 * The message is plain text in the person's locale.
 */
export function createSmtpEmailNotifier(options: SmtpEmailOptions = {}): Notifier & {
  /** Closes the SMTP connection pool. */
  close(): void;
} {
  const url = options.url ?? process.env.SMTP_URL;
  const from = options.from ?? process.env.SMTP_FROM;
  if (!url || !from) throw new ReverifyConfigError('SMTP email needs SMTP_URL and SMTP_FROM.');
  const timeout = options.timeoutMs ?? 10_000;
  const server = new URL(url);
  if (server.protocol !== 'smtp:' && server.protocol !== 'smtps:') {
    throw new ReverifyConfigError('SMTP_URL must start with smtp:// or smtps://');
  }
  const secure = server.protocol === 'smtps:';
  const transport = nodemailer.createTransport({
    host: server.hostname,
    port: Number(server.port) || (secure ? 465 : 587),
    secure,
    ...(server.username
      ? {
          auth: {
            user: decodeURIComponent(server.username),
            pass: decodeURIComponent(server.password),
          },
        }
      : {}),
    requireTLS: !secure && !options.allowInsecure,
    ignoreTLS: Boolean(options.allowInsecure),
    connectionTimeout: timeout,
    greetingTimeout: timeout,
    socketTimeout: timeout,
    // Never log message bodies: they hold the one-time link.
    logger: false,
  });
  return {
    channels: ['email'],
    async send(message: NotifierMessage) {
      const { subject, text } = handoffMessageText(message);
      const info = await transport.sendMail({ from, to: message.to, subject, text });
      return { messageId: info.messageId };
    },
    close: () => transport.close(),
  };
}
