import type { Handoff, SandboxOutcome } from '@reverify/contract';
import { html, nothing } from 'lit';
import { ReverificationFlow } from '../../client/flow.js';
import { createHandoffLink, messageLocale } from '../../client/handoff.js';
import type { BrowserSession } from '../../client/session.js';
import { type ReverifyErrorCode, toReverifyError } from '../../errors.js';
import { ReverifyElement } from '../../internal/reverify-element.js';
import { type ResultView, resultText, resultView } from '../../outcome/result-view.js';
import type { Translation } from '../../translations/translation.js';
import { styles } from './reverify-handoff.styles.js';

/** Where a handoff stands on the desktop. */
export const HandoffState = {
  loading: 'loading',
  waiting: 'waiting',
  processing: 'processing',
  done: 'done',
  error: 'error',
} as const;

/** A handoff state; see {@link HandoffState}. */
export type HandoffState = (typeof HandoffState)[keyof typeof HandoffState];

/**
 * The desktop side of a cross-device reverification: shows a one-time link
 * and its QR code so the selfie is taken on a phone, follows the
 * reverification over Server-Sent Events and reports the decision with the
 * same events as `<reverify-capture>`. The phone opens the link on the SDK's
 * `handoff.html` page (or yours, with `startReverification({ handoffToken })`).
 *
 * @tag reverify-handoff
 *
 * @event reverify-complete - The handler decided. Same detail as `<reverify-capture>`.
 * @event reverify-error - The flow ended without a decision. `detail: { code, message }`.
 * @event reverify-status - Every lifecycle event of the reverification. `detail: { kind: 'event', event }`.
 *
 * @csspart base - The card.
 * @csspart qr - The QR code image.
 * @csspart link - The link's read-only field.
 * @csspart button - Every button; also `copy-button`, `new-link-button`.
 * @csspart status - The live status line.
 *
 * @cssproperty --reverify-accent - Buttons and the spinner.
 * @cssproperty --reverify-surface - Card background.
 */
export class ReverifyHandoffElement extends ReverifyElement {
  static override styles = styles;

  static override properties = {
    ...ReverifyElement.properties,
    referenceId: { type: String, attribute: 'reference-id' },
    endpoint: { type: String },
    clientToken: { type: String, attribute: 'client-token' },
    getClientToken: { attribute: false },
    publishableKey: { type: String, attribute: 'publishable-key' },
    sandboxOutcome: { type: String, attribute: 'sandbox-outcome' },
    phoneNumber: { type: String, attribute: 'phone-number' },
    sendMessage: { type: Boolean, attribute: 'send-message' },
    state: { type: String, reflect: true },
    _link: { state: true },
    _qrUrl: { state: true },
    _copied: { state: true },
    _errorCode: { state: true },
  };

  /** The person's referenceId. */
  declare referenceId: string;
  /** The handler's base URL (`""` for the page's own origin). */
  declare endpoint: string;
  /** A client token your server minted for this reverification. */
  declare clientToken: string;
  /** Called for a client token when `client-token` is not set. */
  declare getClientToken: (() => Promise<string>) | undefined;
  /** Sandbox only: a publishable key instead of a client token. */
  declare publishableKey: string;
  /** Sandbox only: the outcome to force (with `publishable-key`). */
  declare sandboxOutcome: SandboxOutcome | undefined;
  /**
   * The person's phone number, as people write it (`+1-555-123-4567`): with
   * `sendMessage`, each link is texted there by your handler (within its
   * `clientMessages` limits), as the VECU seed's `phoneNumber` option.
   */
  declare phoneNumber: string | undefined;
  /** Text the link to `phoneNumber` (default `true`, as the seed says). */
  declare sendMessage: boolean;
  /** Where the handoff stands (reflected as an attribute for styling). */
  declare state: HandoffState;
  declare _link: Handoff | null;
  declare _qrUrl: string | null;
  declare _copied: boolean;
  declare _errorCode: ReverifyErrorCode | null;

  #flow: ReverificationFlow | null = null;
  #session: BrowserSession | null = null;
  #abort = new AbortController();
  /** The decision's words, once it arrived. */
  #result: ResultView | null = null;

  constructor() {
    super();
    this.state = 'loading';
    this.sendMessage = true;
    this._link = null;
    this._qrUrl = null;
    this._copied = false;
    this._errorCode = null;
  }

  override connectedCallback(): void {
    super.connectedCallback();
    if (typeof this.endpoint === 'string' && !this.#flow) void this.start();
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.#flow?.cancel();
    this.#flow = null;
    this.#abort.abort();
    if (this._qrUrl) URL.revokeObjectURL(this._qrUrl);
  }

  /** Opens the session, makes the first link and follows the reverification. */
  async start(): Promise<void> {
    this.#abort = new AbortController();
    this.state = 'loading';
    this.#flow = new ReverificationFlow(
      {
        endpoint: this.endpoint,
        referenceId: this.referenceId,
        clientToken: this.clientToken,
        getClientToken: this.getClientToken,
        publishableKey: this.publishableKey,
        sandboxOutcome: this.sandboxOutcome,
      },
      {
        onProgress: () => {},
        onStatus: (event) => {
          if (event.status === 'processing') this.state = 'processing';
          this.emit('reverify-status', { kind: 'event', event });
        },
        onComplete: (detail) => {
          // The desktop cannot start a new attempt by itself: a rejection says whom to contact.
          this.#result = resultView(detail.decision, detail.reasons, this.t, false);
          this.state = 'done';
          this.emit('reverify-complete', detail);
        },
        onError: (error) => this.#fail(error),
      },
    );
    try {
      this.#session = await this.#flow.session();
      await this.newLink();
    } catch (error) {
      this.#fail(error);
    }
  }

  /** Replaces the link (the previous one stops working). */
  async newLink(): Promise<void> {
    if (!this.#session) return;
    const link = await createHandoffLink(
      this.endpoint,
      this.#session.clientToken,
      this.#abort.signal,
      this.phoneNumber
        ? {
            phoneNumber: this.phoneNumber,
            sendMessage: this.sendMessage,
            locale: messageLocale(this.t.$code),
          }
        : {},
    );
    if (this._qrUrl) URL.revokeObjectURL(this._qrUrl);
    this._link = link;
    this._qrUrl = URL.createObjectURL(new Blob([link.qrSvg], { type: 'image/svg+xml' }));
    this._copied = false;
    if (this.state === 'loading') this.state = 'waiting';
  }

  async #copy(): Promise<void> {
    if (!this._link) return;
    await navigator.clipboard?.writeText(this._link.url).catch(() => undefined);
    this._copied = true;
  }

  #fail(error: unknown): void {
    if (this.state === 'done' || this.state === 'error') return;
    const failure = toReverifyError(error);
    this.#flow?.cancel();
    this.state = 'error';
    this._errorCode = failure.code;
    this.emit('reverify-error', { code: failure.code, message: failure.message });
  }

  #statusText(t: Translation): string {
    switch (this.state) {
      case 'loading':
      case 'waiting':
        return t.handoff.waiting;
      case 'processing':
        return t.handoff.processing;
      case 'done':
        return this.#result ? resultText(this.#result) : t.handoff.done;
      case 'error':
        return t.errors[this._errorCode ?? 'generic'] ?? t.errors.generic;
    }
  }

  override render() {
    const t = this.t;
    const busy =
      this.state === 'loading' || this.state === 'waiting' || this.state === 'processing';
    return html`<div part="base" class="base" role="region" aria-label=${t.handoff.title} lang=${t.$code} dir=${t.$dir}>
      <h2>${t.handoff.title}</h2>
      ${
        this.state === 'waiting' || this.state === 'loading'
          ? html`<p>${this._link?.message ? t.handoff.sent(this._link.message.to) : t.handoff.instructions}</p>
            ${
              this._qrUrl
                ? html`<img part="qr" class="qr" src=${this._qrUrl} alt=${t.handoff.qrLabel} />`
                : html`<div class="qr qr-placeholder"><div class="spinner" aria-hidden="true"></div></div>`
            }
            <div class="link">
              <input part="link" readonly aria-label=${t.handoff.copyLink} .value=${this._link?.url ?? ''} />
              <button part="button copy-button" @click=${() => this.#copy()} ?disabled=${!this._link}>${this._copied ? t.handoff.copied : t.handoff.copyLink}</button>
            </div>
            <button part="button new-link-button" class="secondary" @click=${() => this.newLink().catch((e: unknown) => this.#fail(e))} ?disabled=${!this._link}>${t.handoff.newLink}</button>`
          : nothing
      }
      <p part="status" class="status ${this.state}" role="status" aria-live="polite">
        ${busy ? html`<span class="spinner" aria-hidden="true"></span>` : nothing}${this.#statusText(t)}
      </p>
    </div>`;
  }
}
