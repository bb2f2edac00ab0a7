import type { CreateHandoffRequest, Handoff, MessageChannel } from '@reverify/contract';
import QRCode from 'qrcode';
import { type RateLimiterAbstract, RateLimiterRes } from 'rate-limiter-flexible';
import type { HandoffTokens } from '../core/handoff-tokens.js';
import { hashSecret } from '../core/ids.js';
import type { LimiterFactory } from '../core/rate-limiters.js';
import { ReverifyError } from '../plugin/errors.js';
import type { Logger } from '../plugin/logger.js';
import { maskRecipient, type Notifier } from '../plugin/notifier.js';
import { normalizePhoneNumber } from './phone-number.js';

/** Where the handler serves the SDK's handoff page. */
const DEFAULT_PAGE_PATH = '/sdk/handoff.html';

/** Where handoff links point and how they are sent. */
export interface HandoffConfig {
  /**
   * The page that opens a handoff link on the phone; the one-time token is
   * appended as the URL fragment. Default: the handler's own `/handoff` page
   * on the origin the request came to.
   */
  readonly pageUrl: string | null;
  /** The path the handler is served under (`''` at the root), for the default page. */
  readonly basePath: string;
  readonly notifier: Notifier;
  /** The countries (ISO 3166-1 alpha-2) links may be texted to, or `null` for any. */
  readonly smsCountries: readonly string[] | null;
  /** Limits on messages a browser asks for, or `null` when browsers may not ask. */
  readonly clientMessages: ClientMessageLimits | null;
  /** Where those limits are counted (shared by instances on PostgreSQL). */
  readonly limiters: LimiterFactory;
}

/**
 * How many messages browsers may have sent (VECU's SDK `phoneNumber` +
 * `sendMessage`), against SMS pumping: a page that texts any number it is
 * given would let anyone text premium numbers on your account.
 */
export interface ClientMessageLimits {
  /** Messages per reverification (counted over 6 h, the longest a reverification lives). Default 3. */
  readonly perReverification: number;
  /** Messages per destination (phone number or email) per hour. Default 3. */
  readonly perDestinationPerHour: number;
}

/** Who asked for a link: your server (secret key) or the browser (client token). */
export type HandoffRequester = 'server' | 'client';

/**
 * Makes one-time handoff links: mints the token, builds the URL (token in
 * the fragment, never sent to a server or in a `Referer`), renders its QR
 * code and, when asked, sends it through the notifier.
 */
export class HandoffLinks {
  readonly #tokens: HandoffTokens;
  readonly #config: HandoffConfig;
  readonly #logger: Logger;
  readonly #perReverification: RateLimiterAbstract | null;
  readonly #perDestination: RateLimiterAbstract | null;

  constructor(tokens: HandoffTokens, config: HandoffConfig, logger: Logger) {
    this.#tokens = tokens;
    this.#config = config;
    this.#logger = logger;
    const limits = config.clientMessages;
    this.#perReverification = limits
      ? config.limiters({
          keyPrefix: 'reverify.messages.reverification',
          points: limits.perReverification,
          duration: 21_600,
        })
      : null;
    this.#perDestination = limits
      ? config.limiters({
          keyPrefix: 'reverify.messages.destination',
          points: limits.perDestinationPerHour,
          duration: 3600,
        })
      : null;
  }

  /** Charges one browser-asked message to its reverification and its destination. */
  async #chargeClientMessage(reverificationId: string, to: string): Promise<void> {
    if (!this.#perReverification || !this.#perDestination) {
      throw new ReverifyError(
        'forbidden',
        'This handler sends no messages a browser asks for (handoff.clientMessages is false).',
      );
    }
    try {
      await this.#perReverification.consume(reverificationId);
      await this.#perDestination.consume(hashSecret(to));
    } catch (rejection) {
      if (!(rejection instanceof RateLimiterRes)) throw rejection;
      throw new ReverifyError('rate_limited', 'Too many messages for this link; retry later.', {
        retryAfterSeconds: Math.max(1, Math.ceil(rejection.msBeforeNext / 1000)),
      });
    }
  }

  /**
   * A new link for `reverificationId` (earlier ones stop working), sent by
   * SMS or email when `request.sendMessage`. A phone number is normalized
   * to E.164 first; one a browser asked to text counts against
   * `clientMessages`.
   *
   * @param origin The handler's public origin, for the default page URL.
   * @throws `invalid_request` for a phone number that cannot be texted;
   *   `forbidden` or `rate_limited` for a browser's message past its limits;
   *   `message_not_sent` when the notifier failed (the link is still valid).
   */
  async create(
    reverificationId: string,
    request: CreateHandoffRequest,
    origin: string,
    requester: HandoffRequester = 'server',
  ): Promise<Handoff> {
    const channel: MessageChannel | null = request.sendMessage
      ? request.phoneNumber
        ? 'sms'
        : 'email'
      : null;
    if (channel && !this.#config.notifier.channels.includes(channel)) {
      throw new ReverifyError('invalid_request', `No notifier sends ${channel} here.`, {
        details: { channel },
      });
    }
    const to =
      channel === 'sms'
        ? normalizePhoneNumber(request.phoneNumber as string, {
            ...(this.#config.smsCountries ? { countries: this.#config.smsCountries } : {}),
          }).e164
        : (request.email ?? '');
    if (channel && requester === 'client') await this.#chargeClientMessage(reverificationId, to);
    const { token, expiresAt } = await this.#tokens.create(reverificationId);
    const page = this.#config.pageUrl ?? `${origin}${this.#config.basePath}${DEFAULT_PAGE_PATH}`;
    const url = `${page}#${token}`;
    const qrSvg = await QRCode.toString(url, { type: 'svg', margin: 1, errorCorrectionLevel: 'M' });
    if (!channel) return { reverificationId, url, qrSvg, expiresAt, message: null };
    let messageId: string;
    try {
      ({ messageId } = await this.#config.notifier.send({
        channel,
        to,
        link: url,
        locale: request.locale ?? 'en',
        expiresAt,
        reverificationId,
      }));
    } catch (cause) {
      this.#logger.warn({ reverificationId, channel }, 'handoff message not sent');
      throw new ReverifyError('message_not_sent', `The ${channel} message could not be sent.`, {
        cause,
        details: { channel },
      });
    }
    this.#logger.info({ reverificationId, channel, messageId }, 'handoff message sent');
    return {
      reverificationId,
      url,
      qrSvg,
      expiresAt,
      message: { channel, to: maskRecipient(to), messageId },
    };
  }
}
