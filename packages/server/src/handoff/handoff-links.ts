import type { CreateHandoffRequest, Handoff, MessageChannel } from '@reverify/contract';
import QRCode from 'qrcode';
import type { HandoffTokens } from '../core/handoff-tokens.js';
import { ReverifyError } from '../plugin/errors.js';
import type { Logger } from '../plugin/logger.js';
import { maskRecipient, type Notifier } from '../plugin/notifier.js';

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
}

/**
 * Makes one-time handoff links: mints the token, builds the URL (token in
 * the fragment, never sent to a server or in a `Referer`), renders its QR
 * code and, when asked, sends it through the notifier.
 */
export class HandoffLinks {
  readonly #tokens: HandoffTokens;
  readonly #config: HandoffConfig;
  readonly #logger: Logger;

  constructor(tokens: HandoffTokens, config: HandoffConfig, logger: Logger) {
    this.#tokens = tokens;
    this.#config = config;
    this.#logger = logger;
  }

  /**
   * A new link for `reverificationId` (earlier ones stop working), sent by
   * SMS or email when `request.sendMessage`.
   *
   * @param origin The handler's public origin, for the default page URL.
   * @throws `message_not_sent` when the notifier failed (the link is still valid).
   */
  async create(
    reverificationId: string,
    request: CreateHandoffRequest,
    origin: string,
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
    const { token, expiresAt } = await this.#tokens.create(reverificationId);
    const page = this.#config.pageUrl ?? `${origin}${this.#config.basePath}${DEFAULT_PAGE_PATH}`;
    const url = `${page}#${token}`;
    const qrSvg = await QRCode.toString(url, { type: 'svg', margin: 1, errorCorrectionLevel: 'M' });
    if (!channel) return { reverificationId, url, qrSvg, expiresAt, message: null };
    const to = (channel === 'sms' ? request.phoneNumber : request.email) as string;
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
