import type { MethodsSession } from '@reverify/contract';
import { html, nothing, svg, type TemplateResult } from 'lit';
import type { ReverifyMethodEvent } from '../../events/reverify-method.js';
import { type OvalCenter, ovalGeometry } from '../../layout/oval.js';
import type { ResultTone, ResultView } from '../../outcome/result-view.js';
import type { ChallengeGuidance } from '../../presence/challenge.js';
import type { Translation, TranslationOverrides } from '../../translations/translation.js';
import type { FactorKind } from '../reverify-factors/reverify-factors.component.js';
import type { CaptureProgress, CaptureState } from './reverify-capture.component.js';

/** The icon of each result: a tick only for an approval, a cross for a rejection, a clock for a review. */
const RESULT_ICONS: Readonly<Record<ResultTone, TemplateResult>> = {
  approved: html`<svg class="icon" viewBox="0 0 24 24" fill="none" stroke="currentColor" stroke-width="2" stroke-linecap="round" stroke-linejoin="round" aria-hidden="true"><circle cx="12" cy="12" r="9"></circle><path d="m8 12.5 2.8 2.8L16.5 9.5"></path></svg>`,
  rejected: html`<svg class="icon" viewBox="0 0 24 24" fill="none" stroke="currentColor" stroke-width="2" stroke-linecap="round" aria-hidden="true"><circle cx="12" cy="12" r="9"></circle><path d="m9 9 6 6m0-6-6 6"></path></svg>`,
  review: html`<svg class="icon" viewBox="0 0 24 24" fill="none" stroke="currentColor" stroke-width="2" stroke-linecap="round" aria-hidden="true"><circle cx="12" cy="12" r="9"></circle><path d="M12 7.5V12l3 2"></path></svg>`,
};

/** The exclamation mark of the error screen (a round cap draws its dot). */
const ERROR_ICON = html`<svg class="icon" viewBox="0 0 24 24" fill="none" stroke="currentColor" stroke-width="2" stroke-linecap="round" aria-hidden="true"><circle cx="12" cy="12" r="9"/><path d="M12 7.5v5.5M12 16.6v.01"/></svg>`;

/**
 * The live overlay: the darkened surround with an oval hole (sized to what
 * `object-fit: cover` shows of the frame) and the ring that fills while the
 * quality gate holds.
 */
export function overlayTemplate(
  video: { width: number; height: number },
  viewAspect: number,
  center: OvalCenter,
  holdProgress: number,
): TemplateResult {
  const { width, height } = video;
  const { path: ellipse } = ovalGeometry(width, height, viewAspect, center);
  const phase = holdProgress >= 1 ? 'ready' : holdProgress > 0 ? 'holding' : '';
  return html`<svg part="overlay" class="overlay" viewBox="0 0 ${width} ${height}" preserveAspectRatio="xMidYMid slice" aria-hidden="true">
    ${svg`<defs><mask id="hole"><rect width="${width}" height="${height}" fill="white"></rect><path d="${ellipse}" fill="black"></path></mask></defs>
    <rect width="${width}" height="${height}" fill="var(--reverify-overlay)" mask="url(#hole)"></rect>
    <path part="oval" class="oval ${phase}" d="${ellipse}"></path>
    ${
      holdProgress > 0
        ? svg`<path part="progress-ring" class="ring" d="${ellipse}" pathLength="100" stroke-dasharray="100" stroke-dashoffset="${100 * (1 - holdProgress)}"></path>`
        : nothing
    }`}
  </svg>`;
}

/**
 * The challenge's instruction, an arrow towards the side to turn (the
 * preview is mirrored, so the person's left is the screen's left) and the
 * way out for anyone who cannot turn their head.
 */
export function challengeTemplate(
  guidance: ChallengeGuidance,
  move: 'turn_left' | 'turn_right' | null,
  t: Translation,
  giveUp: () => void,
): TemplateResult {
  const turning = move !== null && (guidance === move || guidance === 'turn_more');
  return html`${
    turning
      ? html`<svg part="challenge-arrow" class="challenge-arrow ${move === 'turn_left' ? 'left' : 'right'}" viewBox="0 0 48 48" aria-hidden="true"><path d="M30 10 16 24l14 14" fill="none" stroke="currentColor" stroke-width="5" stroke-linecap="round" stroke-linejoin="round"></path></svg>`
      : nothing
  }
    <p part="guidance challenge-guidance" class="guidance" aria-hidden="true">${t.challenge[guidance]}</p>
    <div class="bottom-actions"><button part="button challenge-cancel-button" class="secondary" @click=${giveUp}>${t.challenge.cantDo}</button></div>`;
}

/** What the screens over the preview show, and what their buttons do. */
export interface ScreenView {
  readonly state: CaptureState;
  readonly t: Translation;
  /** The page's overrides of strings, passed on to the inner elements. */
  readonly messages: TranslationOverrides;
  /** The error screen's text. */
  readonly errorText: string;
  /** A second line: what to do about the problem the checks saw last (capture timeout). */
  readonly errorHint: string | null;
  /** The decision's screen; `null` while waiting or with `no-result-screen`. */
  readonly result: ResultView | null;
  /** Whether the error screen offers a retry. */
  readonly retryable: boolean;
  readonly previewUrl: string | null;
  /** Whether the preview is mirrored like the live video (a camera frame) or shown as it is (a camera-app photo). */
  readonly previewMirrored: boolean;
  readonly progress: CaptureProgress | undefined;
  /** Whether the page runs in an in-app browser (a hint on the consent screen). */
  readonly inAppBrowser: boolean;
  /** The camera-app screen: what the checks said of the photo, and its actions. */
  readonly fallback: {
    readonly note: string | null;
    /** A flagged photo waits: offer to use it anyway. */
    readonly pending: boolean;
    open(): void;
    chosen(file: File | undefined): void;
    use(): void;
  };
  /** The methods screen's inputs (its `session` is `null` unless the policy accepts more than the selfie). */
  readonly methods: {
    readonly session: MethodsSession | null;
    readonly endpoint: string;
    readonly clientToken: string;
    onMethod(event: ReverifyMethodEvent): void;
  };
  /** The offer, on an approval that included the selfie, to add factors for next time; `null` for none. */
  readonly factors: {
    readonly endpoint: string;
    readonly clientToken: string;
    readonly offer: readonly FactorKind[];
  } | null;
  start(): void;
  retake(): void;
}

/** The screen of the element's current state (consent, starting, paused, error, captured). */
export function screenTemplate(view: ScreenView): TemplateResult | typeof nothing {
  const { t } = view;
  switch (view.state) {
    case 'methods':
      return methodsScreen(view);
    case 'consent':
      return html`<div part="consent" class="screen">
        <svg class="icon" viewBox="0 0 24 24" fill="none" stroke="currentColor" stroke-width="1.8" aria-hidden="true"><path d="M4 8V6a2 2 0 0 1 2-2h2M16 4h2a2 2 0 0 1 2 2v2M20 16v2a2 2 0 0 1-2 2h-2M8 20H6a2 2 0 0 1-2-2v-2"/><circle cx="12" cy="11" r="3.2"/><path d="M7.5 17.5a5 5 0 0 1 9 0"/></svg>
        <h2>${t.consentTitle}</h2>
        <p><slot name="consent">${t.consentText}</slot></p>
        ${view.inAppBrowser ? html`<p class="note">${t.inAppBrowser}</p>` : nothing}
        <button part="button start-button" @click=${view.start}>${t.startCamera}</button>
      </div>`;
    case 'starting':
      return html`<div part="status" class="screen over-video"><div class="spinner" aria-hidden="true"></div><p>${t.starting}</p></div>`;
    case 'fallback':
      return fallbackScreen(view);
    case 'paused':
      return html`<div part="status" class="screen over-video"><p>${t.paused}</p>
        <button part="button" @click=${view.start}>${t.resume}</button></div>`;
    case 'error':
      return html`<div part="error" class="screen error">
        ${ERROR_ICON}
        <p tabindex="-1" data-focus=${view.retryable ? nothing : ''}>${view.errorText}</p>
        ${view.errorHint ? html`<p class="hint">${view.errorHint}</p>` : nothing}
        ${view.retryable ? html`<button part="button retry-button" data-focus @click=${view.start}>${t.retry}</button>` : nothing}
      </div>`;
    case 'captured':
      return html`<img part="preview" class="preview ${view.previewMirrored ? 'mirrored' : ''}" src=${view.previewUrl ?? ''} alt=${t.captured} />
        ${capturedOverlay(view)}`;
    default:
      return nothing;
  }
}

/** The parts of `<reverify-methods>` a page can style through `<reverify-capture>`. */
const METHODS_PARTS =
  'methods, button, method-button, method-passkey, method-selfie, method-totp, method-sms_code, method-email_code, code-input, alert';

/** The parts of `<reverify-factors>` a page can style through `<reverify-capture>`. */
const FACTORS_PARTS = 'factors, button, add-passkey-button, add-totp-button, qr, code-input, alert';

/** The methods screen: the choice of methods, then (once one satisfied the policy) the decision. */
function methodsScreen(view: ScreenView): TemplateResult | typeof nothing {
  const { methods, progress } = view;
  if (progress) return progressScreen(view);
  if (!methods.session) return nothing;
  return html`<div class="screen methods-screen">
    <reverify-methods exportparts=${METHODS_PARTS} .endpoint=${methods.endpoint} .clientToken=${methods.clientToken} .methods=${methods.session} .locale=${view.t.$code} .messages=${view.messages} @reverify-method=${methods.onMethod}></reverify-methods>
  </div>`;
}

/** Over the captured photo: the retake button (no host), the progress, or the decision's screen. */
function capturedOverlay(view: ScreenView): TemplateResult | typeof nothing {
  const { t, progress } = view;
  if (!progress) {
    return html`<div class="bottom-actions"><button part="button retake-button" class="secondary" @click=${view.retake}>${t.retake}</button></div>
      <p part="guidance" class="guidance done" aria-hidden="true">${t.captured}</p>`;
  }
  return progressScreen(view);
}

/** While the decision is on its way, then the decision's screen (nothing with `no-result-screen`). */
function progressScreen(view: ScreenView): TemplateResult | typeof nothing {
  const { t, progress, result, factors } = view;
  if (progress && progress !== 'done') {
    return html`<div part="status" class="screen over-video busy"><div class="spinner" aria-hidden="true"></div><p class="progress-text">${t.progress[progress]}</p></div>`;
  }
  if (!result) return nothing;
  return html`<div part="result result-${result.tone}" class="screen result ${result.tone}">
    ${RESULT_ICONS[result.tone]}
    <h2 tabindex="-1" data-focus=${result.retry ? nothing : ''}>${result.title}</h2>
    ${result.lines.map((line) => html`<p>${line}</p>`)}
    ${result.retry ? html`<button part="button retry-button" data-focus @click=${view.start}>${t.retry}</button>` : nothing}
    ${
      factors && result.tone === 'approved'
        ? html`<reverify-factors exportparts=${FACTORS_PARTS} .endpoint=${factors.endpoint} .clientToken=${factors.clientToken} .factors=${factors.offer} .locale=${t.$code} .messages=${view.messages}></reverify-factors>`
        : nothing
    }
  </div>`;
}

/**
 * Where the camera API is missing: the device's camera app takes the photo
 * (`capture="user"` asks for the front camera; a desktop shows a file
 * chooser), then the same checks run on it.
 */
function fallbackScreen(view: ScreenView): TemplateResult {
  const { t, fallback } = view;
  return html`<div part="fallback" class="screen">
    <svg class="icon" viewBox="0 0 24 24" fill="none" stroke="currentColor" stroke-width="1.8" stroke-linecap="round" stroke-linejoin="round" aria-hidden="true"><path d="M4 8h3l2-3h6l2 3h3v11H4z"/><circle cx="12" cy="13" r="3.5"/></svg>
    <h2 tabindex="-1">${t.fallback.title}</h2>
    <p>${t.fallback.text}</p>
    ${fallback.note ? html`<p class="note">${fallback.note}</p>` : nothing}
    <input type="file" accept="image/*" capture="user" hidden @change=${(event: Event) => fallback.chosen((event.target as HTMLInputElement).files?.[0])} />
    ${fallback.pending ? html`<button part="button" class="secondary" @click=${fallback.use}>${t.fallback.usePhoto}</button>` : nothing}
    <button part="button fallback-button" data-focus @click=${fallback.open}>${fallback.note ? t.fallback.another : t.fallback.open}</button>
  </div>`;
}
