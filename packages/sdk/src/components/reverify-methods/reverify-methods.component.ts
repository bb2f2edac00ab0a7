import type { MethodResult, MethodsSession, ReverificationMethod } from '@reverify/contract';
import { html, nothing, type TemplateResult } from 'lit';
import { messageLocale } from '../../client/handoff.js';
import {
  answerWithCode,
  answerWithPasskey,
  type CodeMethod,
  type MethodTarget,
  offeredMethods,
  sendCode,
  supportsPasskeys,
} from '../../client/methods.js';
import { type ReverifyErrorCode, toReverifyError } from '../../errors.js';
import type { ReverifyMethodDetail } from '../../events/reverify-method.js';
import { ReverifyElement } from '../../internal/reverify-element.js';
import { styles } from './reverify-methods.styles.js';

/** Where the methods screen is: the choice, a passkey prompt, or a code form. */
export type MethodsStep =
  | { readonly kind: 'choose' }
  | { readonly kind: 'passkey' }
  | { readonly kind: 'code'; readonly method: CodeMethod | 'totp'; readonly sentTo: string | null };

/** Errors no other method gets past: the reverification or its token is over. */
const FATAL: ReadonlySet<ReverifyErrorCode> = new Set<ReverifyErrorCode>([
  'reverification_expired',
  'token_expired',
  'unauthorized',
  'forbidden',
  'cancelled',
]);

/**
 * The methods a reverification accepts besides (or instead of) the selfie,
 * offered in the handler's order: the passkey first where the browser has
 * WebAuthn, the selfie, the authenticator app, then codes by SMS or email.
 * `<reverify-capture>` shows it when the reverification's policy is more
 * than `selfie`; it can also stand alone with a client token.
 *
 * @tag reverify-methods
 *
 * @event reverify-method - A method was chosen (`selfie`), done (with the handler's answer) or failed for good. `detail: { kind: 'chosen', method } | { kind: 'done', method, result } | { kind: 'failed', method, error }`.
 *
 * @csspart methods - The screen.
 * @csspart button - Every button; also `method-button` and `method-<name>` (`method-passkey`, `method-selfie`…).
 * @csspart code-input - The code field.
 * @csspart alert - What went wrong with the last try.
 */
export class ReverifyMethodsElement extends ReverifyElement {
  static override styles = styles;

  static override properties = {
    ...ReverifyElement.properties,
    endpoint: { type: String },
    clientToken: { type: String, attribute: 'client-token' },
    methods: { attribute: false },
    _step: { state: true },
    _alert: { state: true },
    _busy: { state: true },
  };

  /** The handler's base URL (`""` for the page's own origin). */
  declare endpoint: string;
  /** The client token of the reverification. */
  declare clientToken: string;
  /** The methods part of the client session (or of the last method's answer). */
  declare methods: MethodsSession | null;
  declare _step: MethodsStep;
  declare _alert: string | null;
  declare _busy: boolean;

  #abort = new AbortController();

  /** Reports to the host, unless the element left the page (its requests were then cancelled, not refused). */
  #report(detail: ReverifyMethodDetail): void {
    if (this.isConnected && !this.#abort.signal.aborted) this.emit('reverify-method', detail);
  }

  constructor() {
    super();
    this.endpoint = '';
    this.clientToken = '';
    this.methods = null;
    this._step = { kind: 'choose' };
    this._alert = null;
    this._busy = false;
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.#abort.abort();
    this.#abort = new AbortController();
  }

  /** The methods this browser can offer now, in order. */
  get offered(): readonly ReverificationMethod[] {
    return this.methods ? offeredMethods(this.methods, supportsPasskeys()) : [];
  }

  get #target(): MethodTarget {
    return { endpoint: this.endpoint, clientToken: this.clientToken };
  }

  async #choose(method: ReverificationMethod): Promise<void> {
    this._alert = null;
    if (method === 'selfie') {
      this.#report({ kind: 'chosen', method });
      return;
    }
    if (method === 'passkey') {
      this._step = { kind: 'passkey' };
      await this.#attempt(method, () => answerWithPasskey(this.#target, this.#abort.signal));
      return;
    }
    if (method === 'totp') {
      this._step = { kind: 'code', method, sentTo: null };
      this.#focusCode();
      return;
    }
    await this.#send(method);
  }

  async #send(method: CodeMethod): Promise<void> {
    this._busy = true;
    try {
      const sent = await sendCode(
        this.#target,
        method,
        messageLocale(this.t.$code),
        this.#abort.signal,
      );
      this._step = { kind: 'code', method, sentTo: sent.sentTo };
      this._alert = null;
      this.#focusCode();
    } catch (error) {
      this.#refused(method, error);
    } finally {
      this._busy = false;
    }
  }

  async #submitCode(event: Event, method: CodeMethod | 'totp'): Promise<void> {
    event.preventDefault();
    const input = this.renderRoot.querySelector('input');
    const code = input?.value ?? '';
    const done = await this.#attempt(method, () =>
      answerWithCode(this.#target, method, code, this.#abort.signal),
    );
    if (!done && input) {
      input.select();
      input.focus();
    }
  }

  /** Runs one try of a method; reports it done, or says why not. Resolves whether it was done. */
  async #attempt(method: ReverificationMethod, run: () => Promise<MethodResult>): Promise<boolean> {
    this._busy = true;
    try {
      const result = await run();
      this.#report({ kind: 'done', method, result });
      this._step = { kind: 'choose' };
      return true;
    } catch (error) {
      this.#refused(method, error);
      return false;
    } finally {
      this._busy = false;
    }
  }

  /** A refused try: fatal ones end the flow, the rest are said here, with the other methods still offered. */
  #refused(method: ReverificationMethod, cause: unknown): void {
    if (!this.isConnected) return;
    const error = toReverifyError(cause);
    if (FATAL.has(error.code)) {
      this.#report({ kind: 'failed', method, error });
      return;
    }
    const { errors, methods } = this.t;
    this._alert =
      error.code === 'code_invalid' ? methods.codeInvalid : (errors[error.code] ?? errors.generic);
    if (this._step.kind === 'passkey') this._step = { kind: 'choose' };
  }

  #focusCode(): void {
    void this.updateComplete.then(() => this.renderRoot.querySelector('input')?.focus());
  }

  #back(): void {
    this._step = { kind: 'choose' };
    this._alert = null;
  }

  #label(method: ReverificationMethod): TemplateResult | string {
    const { methods } = this.t;
    switch (method) {
      case 'passkey':
        return html`<span>${methods.passkey}</span> <small>${methods.passkeyHint}</small>`;
      case 'sms_code':
      case 'email_code':
        return methods[method](this.methods?.destinations[method] ?? '');
      default:
        return methods[method];
    }
  }

  #chooser(): TemplateResult {
    const { methods } = this.t;
    const title = this.methods?.done.length ? methods.oneMore : methods.title;
    return html`<h2 tabindex="-1">${title}</h2>
      ${this.offered.map(
        (method, index) =>
          html`<button part="button method-button method-${method}" class="choice ${index === 0 ? '' : 'secondary'}" ?data-focus=${index === 0} ?disabled=${this._busy} @click=${() => void this.#choose(method)}>${this.#label(method)}</button>`,
      )}`;
  }

  #codeForm(method: CodeMethod | 'totp', sentTo: string | null): TemplateResult {
    const { methods } = this.t;
    return html`<form @submit=${(event: Event) => void this.#submitCode(event, method)}>
      <p>${sentTo === null ? methods.totpPrompt : methods.codeSent(sentTo)}</p>
      <label>${methods.codeLabel}
        <input part="code-input" name="code" inputmode="numeric" autocomplete="one-time-code" maxlength="12" required ?disabled=${this._busy} />
      </label>
      <button part="button" type="submit" ?disabled=${this._busy}>${methods.submitCode}</button>
      ${method === 'totp' ? nothing : html`<button part="button" type="button" class="secondary" ?disabled=${this._busy} @click=${() => void this.#send(method)}>${methods.resend}</button>`}
      <button part="button" type="button" class="secondary" @click=${() => this.#back()}>${methods.otherWays}</button>
    </form>`;
  }

  override render() {
    const t = this.t;
    const step = this._step;
    return html`<div part="methods" class="base" lang=${t.$code} dir=${t.$dir}>
      ${
        step.kind === 'passkey'
          ? html`<p class="busy"><span class="spinner" aria-hidden="true"></span>${t.methods.waitingPasskey}</p>`
          : step.kind === 'code'
            ? this.#codeForm(step.method, step.sentTo)
            : this.#chooser()
      }
      <p part="alert" class="alert" role="alert">${this._alert ?? nothing}</p>
    </div>`;
  }
}
