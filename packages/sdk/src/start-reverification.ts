import type { ReverificationMethod, SandboxOutcome, StreamEvent } from '@reverify/contract';
import type { ReverifyCaptureElement } from './components/reverify-capture/reverify-capture.component.js';
import { defineReverifyCapture } from './components/reverify-capture/reverify-capture.js';
import { ReverifyError } from './errors.js';
import type { ReverifyChallengeDetail } from './events/reverify-challenge.js';
import type { ReverifyCompleteDetail } from './events/reverify-complete.js';
import type { GuidanceCode } from './quality/checks.js';
import type { QualityConfig } from './quality/config.js';
import { startHandoff } from './start-handoff.js';
import type { TranslationOverrides } from './translations/translation.js';

/** The decision handed to `onSuccess`. */
export type ReverificationResult = ReverifyCompleteDetail;

/** Progress handed to `onEvent`, in order. */
export type ReverificationProgressEvent =
  | { readonly type: 'camera_ready'; readonly deviceId: string | null; readonly startupMs: number }
  | { readonly type: 'guidance'; readonly code: GuidanceCode; readonly message: string }
  | {
      readonly type: 'captured';
      readonly trigger: 'auto' | 'manual' | 'file';
      readonly bytes: number;
    }
  | ({ readonly type: 'challenge' } & ReverifyChallengeDetail)
  | { readonly type: 'upload'; readonly progress: 'uploading' | 'processing' | 'done' }
  | {
      /** On the methods screen: the person chose a method, completed one, or one failed for good. */
      readonly type: 'method';
      readonly kind: 'chosen' | 'done' | 'failed';
      readonly method: ReverificationMethod;
    }
  | { readonly type: 'factor_added'; readonly method: 'passkey' | 'totp' }
  | { readonly type: 'status'; readonly event: StreamEvent };

/** Options of {@link startReverification}. */
export interface StartReverificationOptions {
  /**
   * The person being reverified: the referenceId your server enrolled.
   * Optional with `handoffToken` (the link names the person).
   */
  readonly referenceId?: string;
  /** The handler's base URL, e.g. `/reverify` or `https://api.example.com/reverify`. */
  readonly endpoint: string;
  /** The client token your server got from `POST /v1/reverifications`. */
  readonly clientToken?: string;
  /**
   * The one-time token of a handoff link (its URL fragment): this page is the
   * phone's side of a cross-device flow started with `startHandoff`.
   */
  readonly handoffToken?: string;
  /** Called for a client token when `clientToken` is not given, and again for a retry. */
  readonly getClientToken?: () => Promise<string>;
  /** Sandbox only: a publishable key instead of a client token (no server code needed). */
  readonly publishableKey?: string;
  /** Sandbox only: force an outcome (with `publishableKey`). */
  readonly sandboxOutcome?: SandboxOutcome;
  /**
   * The person's phone number, as people write it (`+1-555-123-4567`): the
   * selfie is then taken on that phone. This page shows `<reverify-handoff>`
   * and, with `sendMessage`, asks your handler to text the link there (the
   * VECU seed's options; the handler normalizes the number to E.164 and
   * limits how many it sends).
   */
  readonly phoneNumber?: string;
  /** Text the link to `phoneNumber`. Default `true`, as the seed says. */
  readonly sendMessage?: boolean;
  /** BCP 47 language tag; en, es, pt-BR built in. Default: the page's `lang`. */
  readonly locale?: string;
  /** Overrides of any user-facing string. */
  readonly messages?: TranslationOverrides;
  /** CSS custom properties, e.g. `{ '--reverify-accent': '#0a7' }`. */
  readonly theme?: Readonly<Record<`--reverify-${string}`, string>>;
  /** Overrides of any quality threshold. */
  readonly quality?: Partial<QualityConfig>;
  /** Where the wasm, model and MediaPipe JS are served. Default: `assets/` next to the SDK script. */
  readonly assetsUrl?: string;
  /** Skip the consent screen (only when your page already collected consent). */
  readonly noConsent?: boolean;
  /**
   * Show no result screen after the decision, because your page shows its
   * own. By default the element says what the decision means and what
   * comes next (a rejected person can try again when `getClientToken` or
   * `publishableKey` can start a new attempt).
   */
  readonly noResultScreen?: boolean;
  /**
   * After an approval that included the selfie, offer to add a passkey
   * and/or an authenticator app for next time. Default: none. Your server
   * decides where they count, with `methods` on `POST /v1/reverifications`
   * (`passkey or selfie`, `selfie and passkey`…); the element then offers
   * the methods the policy accepts, the passkey first.
   */
  readonly offerFactors?: readonly ('passkey' | 'totp')[];
  /**
   * The decision: approved, rejected or manual_review. Called once per
   * attempt: again only if a rejected person tries again from the result
   * screen.
   */
  readonly onSuccess: (result: ReverificationResult) => void;
  /** Anything that ends the flow without a decision; `error.code` is stable. */
  readonly onError: (error: ReverifyError) => void;
  /** Progress, for your own UI or analytics. */
  readonly onEvent?: (event: ReverificationProgressEvent) => void;
}

/** Removes the element, stops the camera and the event stream. Calling it twice is harmless. */
export type Cleanup = () => void;

/**
 * Mounts `<reverify-capture>` in `container` and runs one reverification:
 * the methods the reverification's policy accepts when it is more than the
 * selfie (passkey first, codes last), consent, camera, on-device quality checks, capture, upload (retried, with
 * one idempotency key), decision over Server-Sent Events (polling if SSE is
 * blocked), and a result screen that says what the decision means. Focus
 * moves into the element. Resolves once mounted, with the cleanup
 * function; after cleanup no callback fires.
 *
 * @example
 * ```ts
 * const cleanup = await startReverification(document.getElementById('reverify')!, {
 *   endpoint: '/reverify', referenceId: 'customer-42', clientToken,
 *   onSuccess: ({ decision }) => console.log(decision),
 *   onError: ({ code }) => console.warn(code),
 * });
 * ```
 */
export async function startReverification(
  container: Element,
  options: StartReverificationOptions,
): Promise<Cleanup> {
  requireCallbacks('startReverification', options);
  if (options.phoneNumber) {
    const { referenceId } = options;
    if (!referenceId)
      throw new TypeError('startReverification with phoneNumber needs referenceId.');
    return startHandoff(container, { ...options, referenceId });
  }
  defineReverifyCapture();
  const element = document.createElement('reverify-capture') as ReverifyCaptureElement;
  applySessionOptions(element, options);
  if (options.handoffToken) element.handoffToken = options.handoffToken;
  if (options.quality) element.quality = options.quality;
  if (options.assetsUrl) element.assetsUrl = options.assetsUrl;
  element.noConsent = options.noConsent ?? false;
  element.noResultScreen = options.noResultScreen ?? false;
  if (options.offerFactors) element.offerFactors = options.offerFactors;
  return mountFlowElement(container, element, options, (emit) => {
    element.addEventListener('reverify-ready', (e) =>
      emit({ type: 'camera_ready', deviceId: e.detail.deviceId, startupMs: e.detail.startupMs }),
    );
    element.addEventListener('reverify-guidance', (e) =>
      emit({ type: 'guidance', code: e.detail.code, message: e.detail.message }),
    );
    element.addEventListener('reverify-capture', (e) =>
      emit({ type: 'captured', trigger: e.detail.trigger, bytes: e.detail.blob.size }),
    );
    element.addEventListener('reverify-challenge', (e) => emit({ type: 'challenge', ...e.detail }));
    element.addEventListener('reverify-method', (e) =>
      emit({ type: 'method', kind: e.detail.kind, method: e.detail.method }),
    );
    element.addEventListener('reverify-factor', (e) =>
      emit({ type: 'factor_added', method: e.detail.method }),
    );
  });
}

/** The options every flow element takes: the session and the language. */
export type SessionOptionKey =
  | 'endpoint'
  | 'referenceId'
  | 'clientToken'
  | 'getClientToken'
  | 'publishableKey'
  | 'sandboxOutcome'
  | 'locale'
  | 'messages';

/** Copies the session and language options onto a flow element. */
export function applySessionOptions(
  element: Pick<ReverifyCaptureElement, SessionOptionKey>,
  options: Pick<StartReverificationOptions, SessionOptionKey>,
): void {
  element.endpoint = options.endpoint;
  element.referenceId = options.referenceId ?? '';
  if (options.clientToken) element.clientToken = options.clientToken;
  element.getClientToken = options.getClientToken;
  if (options.publishableKey) element.publishableKey = options.publishableKey;
  element.sandboxOutcome = options.sandboxOutcome;
  if (options.locale) element.locale = options.locale;
  if (options.messages) element.messages = options.messages;
}

/** Throws a `TypeError` unless both callbacks are functions. */
export function requireCallbacks(
  name: string,
  options: { onSuccess?: unknown; onError?: unknown } | undefined,
): void {
  if (
    !options ||
    typeof options.onSuccess !== 'function' ||
    typeof options.onError !== 'function'
  ) {
    throw new TypeError(`${name} needs onSuccess and onError callbacks.`);
  }
}

/**
 * Mounts a flow element (`<reverify-capture>`, `<reverify-handoff>`) in
 * `container`, applies the theme and turns its events into the callbacks;
 * `listen` adds element-specific progress. After the returned cleanup no
 * callback fires.
 */
export async function mountFlowElement(
  container: Element,
  element: HTMLElement & { readonly updateComplete: Promise<unknown> },
  options: Pick<StartReverificationOptions, 'theme' | 'onSuccess' | 'onError' | 'onEvent'>,
  listen: (emit: (event: ReverificationProgressEvent) => void) => void = () => {},
): Promise<Cleanup> {
  let active = true;
  const emit = (event: ReverificationProgressEvent) => {
    if (active) options.onEvent?.(event);
  };
  for (const [property, value] of Object.entries(options.theme ?? {}))
    element.style.setProperty(property, value);
  listen(emit);
  element.addEventListener('reverify-status', (e) =>
    emit(
      e.detail.kind === 'upload'
        ? { type: 'upload', progress: e.detail.progress }
        : { type: 'status', event: e.detail.event },
    ),
  );
  element.addEventListener('reverify-complete', (e) => {
    if (active) options.onSuccess(e.detail);
  });
  element.addEventListener('reverify-error', (e) => {
    if (active) options.onError(new ReverifyError(e.detail.code, e.detail.message));
  });
  container.append(element);
  await element.updateComplete;
  // The flow is what the person came to do: focus goes to its first control.
  element.focus();
  return () => {
    if (!active) return;
    active = false;
    element.remove();
  };
}
