import {
  handoffMessageText,
  type Notifier,
  type NotifierMessage,
  ReverifyConfigError,
} from '@reverify/server/provider';

/** Options of {@link createTwilioSmsNotifier}; each falls back to an environment variable. */
export interface TwilioSmsOptions {
  /** Default `$TWILIO_ACCOUNT_SID`. */
  readonly accountSid?: string;
  /** Default `$TWILIO_AUTH_TOKEN`. */
  readonly authToken?: string;
  /** The sender: an E.164 number, or a Messaging Service SID (`MG…`). Default `$TWILIO_FROM`. */
  readonly from?: string;
  /** Default `https://api.twilio.com` (tests point it at a local fake). */
  readonly baseUrl?: string;
  /** Milliseconds the API call may take. Default 10000. */
  readonly timeoutMs?: number;
}

/** Twilio refused or failed a message; `code` is Twilio's error code when it sent one. */
export class TwilioError extends Error {
  constructor(
    readonly status: number | null,
    readonly code: number | null,
    message: string,
  ) {
    super(message);
    this.name = 'TwilioError';
  }
}

/**
 * Sends handoff links by SMS through Twilio's Messages API
 * (`POST /2010-04-01/Accounts/{AccountSid}/Messages.json`, HTTP basic auth,
 * form fields `To`, `From` or `MessagingServiceSid`, `Body`). Not retried:
 * a repeated POST could text the person twice.
 */
export function createTwilioSmsNotifier(options: TwilioSmsOptions = {}): Notifier {
  const accountSid = options.accountSid ?? process.env.TWILIO_ACCOUNT_SID;
  const authToken = options.authToken ?? process.env.TWILIO_AUTH_TOKEN;
  const from = options.from ?? process.env.TWILIO_FROM;
  if (!accountSid || !authToken || !from) {
    throw new ReverifyConfigError(
      'Twilio SMS needs TWILIO_ACCOUNT_SID, TWILIO_AUTH_TOKEN and TWILIO_FROM.',
    );
  }
  const url = `${(options.baseUrl ?? 'https://api.twilio.com').replace(/\/+$/, '')}/2010-04-01/Accounts/${encodeURIComponent(accountSid)}/Messages.json`;
  const authorization = `Basic ${Buffer.from(`${accountSid}:${authToken}`).toString('base64')}`;
  return {
    channels: ['sms'],
    async send(message: NotifierMessage) {
      const body = new URLSearchParams({ To: message.to, Body: handoffMessageText(message).text });
      body.set(from.startsWith('MG') ? 'MessagingServiceSid' : 'From', from);
      let response: Response;
      try {
        response = await fetch(url, {
          method: 'POST',
          headers: { Authorization: authorization },
          body,
          signal: AbortSignal.timeout(options.timeoutMs ?? 10_000),
        });
      } catch (cause) {
        throw new TwilioError(null, null, `Twilio could not be reached (${(cause as Error).name})`);
      }
      const answer = (await response.json().catch(() => ({}))) as {
        sid?: string;
        code?: number;
        message?: string;
      };
      if (!response.ok || !answer.sid) {
        throw new TwilioError(
          response.status,
          answer.code ?? null,
          `Twilio answered HTTP ${response.status}${answer.code ? ` (error ${answer.code})` : ''}`,
        );
      }
      return { messageId: answer.sid };
    },
  };
}
