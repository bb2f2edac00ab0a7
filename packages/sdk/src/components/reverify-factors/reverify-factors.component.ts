import type { TotpSetup } from '@reverify/contract';
import { html, nothing, type TemplateResult } from 'lit';
import { confirmTotp, factorTokenFor, registerPasskey, setupTotp } from '../../client/factors.js';
import { supportsPasskeys } from '../../client/methods.js';
import { toReverifyError } from '../../errors.js';
import { ReverifyElement } from '../../internal/reverify-element.js';
import { styles } from './reverify-factors.styles.js';

/** A factor the person can add for next time. */
export type FactorKind = 'passkey' | 'totp';

/** Reads `offer-factors="passkey totp"` into the factor list, ignoring unknown words (pure). */
export function parseFactorList(value: string | null): readonly FactorKind[] {
  const words = (value ?? '').split(/[\s,]+/);
  return (['passkey', 'totp'] as const).filter((kind) => words.includes(kind));
}

/**
 * After an approved selfie: offers to add a passkey (where the browser has
 * WebAuthn) and an authenticator app, so the person's next reverifications
 * can use them where the policy allows. Needs a factor token: `factor-token`
 * from your server right after a selfie enrollment, or, with `client-token`,
 * one the element asks for (only a reverification a selfie approved in the
 * last minutes gets one).
 *
 * @tag reverify-factors
 *
 * @event reverify-factor - A passkey was bound or an authenticator app confirmed. `detail: { method }`.
 *
 * @csspart factors - The offer.
 * @csspart button - Every button; also `add-passkey-button`, `add-totp-button`.
 * @csspart qr - The authenticator app's QR code.
 * @csspart code-input - The confirm code field.
 * @csspart alert - What went wrong with the last try.
 */
export class ReverifyFactorsElement extends ReverifyElement {
  static override styles = styles;

  static override properties = {
    ...ReverifyElement.properties,
    endpoint: { type: String },
    clientToken: { type: String, attribute: 'client-token' },
    factorToken: { type: String, attribute: 'factor-token' },
    factors: { converter: parseFactorList },
    _added: { state: true },
    _totp: { state: true },
    _qrUrl: { state: true },
    _alert: { state: true },
    _busy: { state: true },
  };

  /** The handler's base URL (`""` for the page's own origin). */
  declare endpoint: string;
  /** The client token of a reverification a selfie approved (the element trades it for a factor token). */
  declare clientToken: string;
  /** A factor token your server got from `POST /v1/references/{referenceId}/factor-token`. */
  declare factorToken: string;
  /** Which factors to offer; default both (a passkey only where the browser has WebAuthn). */
  declare factors: readonly FactorKind[];
  declare _added: readonly FactorKind[];
  declare _totp: TotpSetup | null;
  declare _qrUrl: string | null;
  declare _alert: string | null;
  declare _busy: boolean;

  constructor() {
    super();
    this.endpoint = '';
    this.clientToken = '';
    this.factorToken = '';
    this.factors = ['passkey', 'totp'];
    this._added = [];
    this._totp = null;
    this._qrUrl = null;
    this._alert = null;
    this._busy = false;
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    if (this._qrUrl) URL.revokeObjectURL(this._qrUrl);
    this._qrUrl = null;
  }

  /** The factor token: given, or traded once for the client token. */
  async #token(): Promise<string> {
    if (!this.factorToken) this.factorToken = await factorTokenFor(this.endpoint, this.clientToken);
    return this.factorToken;
  }

  /** Runs one step; a failure is said here and changes nothing for this reverification. */
  async #step(run: () => Promise<void>): Promise<void> {
    this._busy = true;
    this._alert = null;
    try {
      await run();
    } catch (cause) {
      const { code } = toReverifyError(cause);
      const { errors, factors, methods } = this.t;
      this._alert =
        code === 'code_invalid'
          ? methods.codeInvalid
          : code === 'passkey_cancelled'
            ? (errors.passkey_cancelled ?? factors.failed)
            : factors.failed;
    } finally {
      this._busy = false;
    }
  }

  #added(method: FactorKind): void {
    this._added = [...this._added, method];
    this.emit('reverify-factor', { method });
  }

  #addPasskey(): Promise<void> {
    return this.#step(async () => {
      await registerPasskey(this.endpoint, await this.#token());
      this.#added('passkey');
    });
  }

  #startTotp(): Promise<void> {
    return this.#step(async () => {
      const setup = await setupTotp(this.endpoint, await this.#token());
      if (this._qrUrl) URL.revokeObjectURL(this._qrUrl);
      this._qrUrl = URL.createObjectURL(new Blob([setup.qrSvg], { type: 'image/svg+xml' }));
      this._totp = setup;
      await this.updateComplete;
      this.renderRoot.querySelector('input')?.focus();
    });
  }

  #confirmTotp(event: Event): Promise<void> {
    event.preventDefault();
    const code = this.renderRoot.querySelector('input')?.value ?? '';
    return this.#step(async () => {
      await confirmTotp(this.endpoint, await this.#token(), code);
      this._totp = null;
      this.#added('totp');
    });
  }

  #passkey(): TemplateResult | typeof nothing {
    const { factors } = this.t;
    if (!this.factors.includes('passkey') || !supportsPasskeys()) return nothing;
    return this._added.includes('passkey')
      ? html`<p class="added" role="status">✓ ${factors.passkeyAdded}</p>`
      : html`<button part="button add-passkey-button" ?disabled=${this._busy} @click=${() => void this.#addPasskey()}>${factors.addPasskey}</button>`;
  }

  #totp(): TemplateResult | typeof nothing {
    const { factors, methods } = this.t;
    if (!this.factors.includes('totp')) return nothing;
    if (this._added.includes('totp'))
      return html`<p class="added" role="status">✓ ${factors.totpAdded}</p>`;
    if (!this._totp)
      return html`<button part="button add-totp-button" class="secondary" ?disabled=${this._busy} @click=${() => void this.#startTotp()}>${factors.addTotp}</button>`;
    return html`<p>${factors.totpScan}</p>
      ${this._qrUrl ? html`<img part="qr" class="qr" src=${this._qrUrl} alt=${factors.totpQrLabel} />` : nothing}
      <p>${factors.totpKey}: <code>${this._totp.secret}</code></p>
      <form @submit=${(event: Event) => void this.#confirmTotp(event)}>
        <input part="code-input" aria-label=${methods.codeLabel} inputmode="numeric" autocomplete="one-time-code" maxlength="12" required />
        <button part="button" type="submit" ?disabled=${this._busy}>${methods.submitCode}</button>
      </form>`;
  }

  override render() {
    const t = this.t;
    return html`<div part="factors" class="base" lang=${t.$code} dir=${t.$dir}>
      <h3>${t.factors.title}</h3>
      <p>${t.factors.text}</p>
      ${this.#passkey()}
      ${this.#totp()}
      <p part="alert" class="alert" role="alert">${this._alert ?? nothing}</p>
    </div>`;
  }
}
