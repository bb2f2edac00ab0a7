// Over 400 lines on purpose: the element's whole public API (its documented
// properties, events, parts and CSS properties) is declared in this one
// class, where the custom-elements manifest reads it. Behaviour lives in the
// controllers (camera, detector, gate, timers), the flow client and the
// templates (reverify-capture.templates.ts).
import type {
  CaptureChecks,
  MethodsSession,
  PresenceUpload,
  SandboxOutcome,
} from '@reverify/contract';
import { html, nothing } from 'lit';
import { resolveAssetsBase } from '../../assets.js';
import { ReverificationFlow } from '../../client/flow.js';
import { needsMethodChoice, offeredMethods, supportsPasskeys } from '../../client/methods.js';
import { type BrowserSession, canRenewSession } from '../../client/session.js';
import type { CapturePayload } from '../../client/upload.js';
import { CameraController } from '../../controllers/camera-controller.js';
import { captureFrame } from '../../controllers/capture-frame.js';
import { ChallengeController } from '../../controllers/challenge-controller.js';
import { FaceDetectorController } from '../../controllers/face-detector-controller.js';
import {
  type AnalysedFrame,
  QualityGateController,
} from '../../controllers/quality-gate-controller.js';
import { RemovalController } from '../../controllers/removal-controller.js';
import { type StillPhoto, stillPhoto } from '../../controllers/still-photo.js';
import { TimersController } from '../../controllers/timers-controller.js';
import {
  ReverifyError,
  type ReverifyErrorCode,
  retryCanFix,
  toReverifyError,
} from '../../errors.js';
import type { ReverifyCompleteDetail } from '../../events/reverify-complete.js';
import type { ReverifyMethodEvent } from '../../events/reverify-method.js';
import { ReverifyElement } from '../../internal/reverify-element.js';
import {
  manualCapture,
  type ResultView,
  resultText,
  resultView,
} from '../../outcome/result-view.js';
import { detectInAppBrowser } from '../../preflight.js';
import { captureSignals } from '../../presence/signals.js';
import { type GuidanceCode, NO_FACE_TELEMETRY } from '../../quality/checks.js';
import { DEFAULT_QUALITY_CONFIG, type QualityConfig } from '../../quality/config.js';
import {
  type FactorKind,
  parseFactorList,
} from '../reverify-factors/reverify-factors.component.js';
import { defineReverifyFactors } from '../reverify-factors/reverify-factors.js';
import { defineReverifyMethods } from '../reverify-methods/reverify-methods.js';
import { styles } from './reverify-capture.styles.js';
import {
  challengeTemplate,
  overlayTemplate,
  screenTemplate,
} from './reverify-capture.templates.js';

/** Where the element is in its flow. */
export const CaptureState = {
  /** The policy accepts more than the selfie: the person picks a method (`<reverify-methods>`). */
  methods: 'methods',
  /** Asking for consent before the camera opens. */
  consent: 'consent',
  /** Opening the camera and loading the face detector. */
  starting: 'starting',
  /** Guiding the person to a good frame. */
  live: 'live',
  /** The selfie was taken; the head-turn challenge runs on the live camera. */
  challenge: 'challenge',
  /** The selfie (and the challenge's keyframes) were taken. */
  captured: 'captured',
  /** The page was hidden, so the camera stopped. */
  paused: 'paused',
  /** No camera API here (in-app browser, WebView): the device's camera app takes the photo. */
  fallback: 'fallback',
  /** Something failed; see the error screen. */
  error: 'error',
} as const;

/** A capture state; see {@link CaptureState}. */
export type CaptureState = (typeof CaptureState)[keyof typeof CaptureState];

/** What a host shows after the capture (e.g. `startReverification` while it uploads). */
export const CaptureProgress = {
  uploading: 'uploading',
  processing: 'processing',
  done: 'done',
} as const;

/** A capture progress; see {@link CaptureProgress}. */
export type CaptureProgress = (typeof CaptureProgress)[keyof typeof CaptureProgress];

/** The telemetry of a manual capture before any frame was analysed: no face, movement unknown (2, the most). */
const NO_CHECKS: CaptureChecks = { ...NO_FACE_TELEMETRY, stability: 2 };

/** The frontal keyframe, taken now: milliseconds since the session (and its challenge) arrived. */
function frontalKeyframe(receivedAt: number): PresenceUpload['keyframes'][number] {
  return { name: 'frontal', atMs: Math.round(performance.now() - receivedAt) };
}

/**
 * The answer of a capture that cannot run the challenge (no detector, no
 * face baseline, a camera-app still): only the frontal keyframe.
 */
function unavailableAnswer(nonce: string, receivedAt: number): { presence: PresenceUpload } {
  return { presence: { nonce, outcome: 'unavailable', keyframes: [frontalKeyframe(receivedAt)] } };
}

/** Milliseconds between two screen-reader announcements of guidance. */
const ANNOUNCE_EVERY_MS = 2500;

/**
 * Turns a camera into one good selfie, on the device: camera, MediaPipe face
 * detection, quality checks, guidance, auto-capture. With `endpoint` and
 * `reference-id` (and a `client-token`, `getClientToken` or, in sandbox, a
 * `publishable-key`) it also uploads the selfie and follows the decision.
 *
 * @tag reverify-capture
 *
 * @event reverify-ready - The camera runs and the first frame was analysed. `detail: { deviceId, label, startupMs }`.
 * @event reverify-guidance - The instruction on screen changed. `detail: { code, message }`.
 * @event reverify-capture - A selfie was taken. `detail: { blob, width, height, checks, trigger }`.
 * @event reverify-error - Something failed; a retry screen is shown. `detail: { code, message }`.
 * @event reverify-complete - The handler decided (with `endpoint` set). `detail: { reverificationId, referenceId, decision, reasons, completedAt }`.
 * @event reverify-challenge - The head-turn challenge started, changed its instruction or ended. `detail: { kind: 'started', moves } | { kind: 'guidance', code, message } | { kind: 'ended', outcome, keyframes }`.
 * @event reverify-status - Upload progress and lifecycle events (with `endpoint` set). `detail: { kind: 'upload', progress } | { kind: 'event', event }`.
 * @event reverify-method - From the methods screen, when the policy accepts more than the selfie: see `<reverify-methods>`.
 * @event reverify-factor - A passkey or authenticator app was added after an approval (with `offer-factors`): see `<reverify-factors>`.
 *
 * @csspart base - The frame holding everything.
 * @csspart video - The mirrored camera preview.
 * @csspart overlay - The SVG with the darkened surround, the oval and the progress ring.
 * @csspart oval - The oval the face goes in.
 * @csspart progress-ring - The ring that fills while the gate holds.
 * @csspart guidance - The instruction on screen.
 * @csspart picker - The camera picker.
 * @csspart consent - The consent screen.
 * @csspart error - The error screen.
 * @csspart preview - The captured photo.
 * @csspart status - The status screen while starting or after the capture.
 * @csspart button - Every button.
 * @csspart start-button - The button that opens the camera.
 * @csspart capture-button - The manual capture button.
 * @csspart retake-button - The retake button.
 * @csspart retry-button - The retry button on the error and result screens.
 * @csspart result - The result screen (hide it with `no-result-screen`).
 * @csspart result-approved - The result screen of an approval (also part `result`).
 * @csspart result-rejected - The result screen of a rejection (also part `result`).
 * @csspart result-review - The result screen of a manual review (also part `result`).
 * @csspart manual-note - What the manual capture button says about the frame.
 * @csspart fallback - The screen that opens the device's camera app where the camera API is missing.
 * @csspart fallback-button - The button that opens the camera app (also part `button`).
 * @csspart challenge-guidance - The head-turn instruction (also part `guidance`).
 * @csspart challenge-arrow - The arrow towards the side to turn.
 * @csspart challenge-cancel-button - The "I can't do this" button of the challenge.
 * @csspart methods - The methods screen; its buttons are also `method-button` and `method-<name>`, its field `code-input`, its alert `alert`.
 * @csspart factors - The offer to add a passkey (`add-passkey-button`) or an authenticator app (`add-totp-button`, `qr`).
 *
 * @cssproperty --reverify-accent - Buttons, the holding oval. Default #4f46e5 (#818cf8 dark).
 * @cssproperty --reverify-success - The ready oval and ring. Default #15803d (#4ade80 dark).
 * @cssproperty --reverify-danger - The error icon. Default #dc2626 (#f87171 dark).
 * @cssproperty --reverify-surface - Screen background. Default #fff (#111827 dark).
 * @cssproperty --reverify-text - Screen text. Default #111827 (#f9fafb dark).
 * @cssproperty --reverify-muted - Secondary text. Default #4b5563 (#9ca3af dark).
 * @cssproperty --reverify-overlay - The surround of the oval. Default rgb(17 24 39 / .62).
 * @cssproperty --reverify-radius - Corner radius. Default 20px.
 * @cssproperty --reverify-font - Font stack. Default system-ui.
 * @cssproperty --reverify-aspect - Frame aspect ratio. Default 3 / 4.
 * @cssproperty --reverify-max-width - Largest width. Default 440px.
 *
 * @slot consent - Replaces the consent text.
 */
export class ReverifyCaptureElement extends ReverifyElement {
  static override styles = styles;

  static override properties = {
    ...ReverifyElement.properties,
    referenceId: { type: String, attribute: 'reference-id' },
    endpoint: { type: String },
    clientToken: { type: String, attribute: 'client-token' },
    handoffToken: { attribute: false },
    getClientToken: { attribute: false },
    publishableKey: { type: String, attribute: 'publishable-key' },
    sandboxOutcome: { type: String, attribute: 'sandbox-outcome' },
    quality: { attribute: false },
    assetsUrl: { type: String, attribute: 'assets-url' },
    deviceId: { type: String, attribute: 'device-id' },
    noConsent: { type: Boolean, attribute: 'no-consent' },
    noCameraPicker: { type: Boolean, attribute: 'no-camera-picker' },
    noResultScreen: { type: Boolean, attribute: 'no-result-screen' },
    noFileFallback: { type: Boolean, attribute: 'no-file-fallback' },
    jpegQuality: { type: Number, attribute: 'jpeg-quality' },
    maxLongEdge: { type: Number, attribute: 'max-long-edge' },
    manualCaptureAfter: { type: Number, attribute: 'manual-capture-after' },
    captureTimeout: { type: Number, attribute: 'capture-timeout' },
    hiddenStopAfter: { type: Number, attribute: 'hidden-stop-after' },
    offerFactors: { attribute: 'offer-factors', converter: parseFactorList },
    progress: { type: String },
    state: { type: String, reflect: true },
    _methods: { state: true },
    _guidance: { state: true },
    _holdProgress: { state: true },
    _announcement: { state: true },
    _error: { state: true },
    _manualAvailable: { state: true },
    _previewUrl: { state: true },
    _videoSize: { state: true },
    _viewAspect: { state: true },
    _retryable: { state: true },
    _errorHint: { state: true },
    _result: { state: true },
    _manualNote: { state: true },
    _stillPending: { state: true },
    _previewMirrored: { state: true },
  };

  /** The person's referenceId. */
  declare referenceId: string;
  /** The handler's base URL (`""` for the page's own origin); when set, the element uploads and follows the decision itself. */
  declare endpoint: string;
  /** A client token your server minted for this reverification. */
  declare clientToken: string;
  /** The one-time token of a handoff link: this element is the phone's side of a cross-device flow. */
  declare handoffToken: string | undefined;
  /** Called for a client token when `client-token` is not set (and for a new one on retry). */
  declare getClientToken: (() => Promise<string>) | undefined;
  /** Sandbox only: a publishable key instead of a client token. */
  declare publishableKey: string;
  /** Sandbox only: the outcome to force (with `publishable-key`). */
  declare sandboxOutcome: SandboxOutcome | undefined;
  /** Overrides of any quality threshold. */
  declare quality: Partial<QualityConfig>;
  /** Where the wasm, model and MediaPipe JS are served. Default: `assets/` next to the SDK script. */
  declare assetsUrl: string;
  /** The camera to use; set to the `deviceId` reported by `reverify-ready`. Default: the front camera. */
  declare deviceId: string;
  /** Skip the consent screen (only when your page already collected consent). Default false. */
  declare noConsent: boolean;
  /** Hide the camera picker. Default false. */
  declare noCameraPicker: boolean;
  /** Show no result screen after the decision (your page shows its own); the photo stays, dimmed. Default false. */
  declare noResultScreen: boolean;
  /**
   * Offer no camera-app fallback. By default, where the camera API is
   * missing (and when the camera fails inside an in-app browser), the
   * element opens the device's own camera through
   * `<input type="file" capture="user">` and checks that photo on the
   * device; no head-turn challenge can run on a still, so the handler's
   * liveness policy decides (by default, manual review). Default false.
   */
  declare noFileFallback: boolean;
  /** JPEG quality of the capture, 0–1. Default 0.9. */
  declare jpegQuality: number;
  /** Longest edge of the capture in pixels. Default 1280. */
  declare maxLongEdge: number;
  /**
   * Milliseconds before a manual capture button appears. Default 8000. It
   * takes nothing without exactly one face, and warns first when a check fails.
   */
  declare manualCaptureAfter: number;
  /** Milliseconds before giving up without a capture (`capture_timeout`). Default 60000. */
  declare captureTimeout: number;
  /** Milliseconds the page may stay hidden before the camera stops. Default 3000. */
  declare hiddenStopAfter: number;
  /**
   * After an approval that included the selfie, offer to add these for next
   * time (`offer-factors="passkey totp"`), so a policy like `passkey or
   * selfie` can use them. Default: none.
   */
  declare offerFactors: readonly FactorKind[];
  /** What a host shows after the capture; `undefined` shows the retake button. */
  declare progress: CaptureProgress | undefined;
  /** The current step, reflected as an attribute (read it; do not set it). */
  declare state: CaptureState;
  declare _methods: MethodsSession | null;

  declare _guidance: GuidanceCode;
  declare _holdProgress: number;
  declare _announcement: string;
  declare _error: { code: ReverifyErrorCode; message: string } | null;
  declare _manualAvailable: boolean;
  declare _previewUrl: string | null;
  declare _videoSize: { width: number; height: number };
  declare _retryable: boolean;
  declare _viewAspect: number;
  declare _errorHint: string | null;
  declare _result: ResultView | null;
  declare _manualNote: { text: string; confirm: boolean } | null;
  /** A camera-app photo the checks flagged, kept until the person uses it or takes another. */
  declare _stillPending: StillPhoto | null;
  /** The preview shows a camera frame mirrored, like the live video; a camera-app photo as it is. */
  declare _previewMirrored: boolean;

  readonly #camera = new CameraController(this, {
    hiddenStopMs: () => this.hiddenStopAfter,
    onResume: () => void this.start(),
  });
  readonly #detector = new FaceDetectorController(this);
  readonly #gate = new QualityGateController(this);
  readonly #challenge = new ChallengeController(this);
  readonly #timers = new TimersController(this);
  #run: AbortController | null = null;
  #lastEvaluationChecks: CaptureChecks | null = null;
  /** The last frame's parallax, the challenge's baseline. */
  #lastParallax: number | null = null;
  #startedAt = 0;
  #readySent = false;
  #lastAnnouncedAt = Number.NEGATIVE_INFINITY;
  /** A guidance announcement waits for the end of the quiet interval. */
  #announcementDue = false;
  /** The guidance of the last analysed frame of this run; `null` before the first. */
  #frameGuidance: GuidanceCode | null = null;
  #capturing = false;
  #flow: ReverificationFlow | null = null;
  /** The client token of the current flow's session (the methods screen and the factor offer use it). */
  #sessionToken = '';
  /** Whether the last decision included the selfie (only then may factors be added). */
  #selfieApproved = false;

  constructor() {
    super();
    defineReverifyMethods();
    defineReverifyFactors();
    // A move in the DOM reconnects at once; only a real removal cancels the flow.
    new RemovalController(this, () => this.#cancelFlow());
    this.quality = {};
    this.noConsent = false;
    this.noCameraPicker = false;
    this.noResultScreen = false;
    this.noFileFallback = false;
    this.jpegQuality = 0.9;
    this.maxLongEdge = 1280;
    this.manualCaptureAfter = 8000;
    this.captureTimeout = 60_000;
    this.hiddenStopAfter = 3000;
    this.offerFactors = [];
    this._methods = null;
    this.state = 'consent';
    this._guidance = 'no_face';
    this._holdProgress = 0;
    this._announcement = '';
    this._error = null;
    this._manualAvailable = false;
    this._previewUrl = null;
    this._videoSize = { width: 640, height: 480 };
    this._viewAspect = 3 / 4;
    this._retryable = true;
    this._errorHint = null;
    this._result = null;
    this._manualNote = null;
    this._stillPending = null;
    this._previewMirrored = true;
  }

  get #config(): QualityConfig {
    return { ...DEFAULT_QUALITY_CONFIG, ...this.quality };
  }

  get #video(): HTMLVideoElement | null {
    return this.renderRoot.querySelector('video');
  }

  #resizeObserver: ResizeObserver | null = null;

  override firstUpdated(): void {
    const base = this.renderRoot.querySelector('.base');
    if (base && typeof ResizeObserver !== 'undefined') {
      this.#resizeObserver = new ResizeObserver(([entry]) => {
        const box = entry?.contentRect;
        if (box?.width && box.height) this._viewAspect = box.width / box.height;
      });
      this.#resizeObserver.observe(base);
    }
    // Open the session first, so "not enrolled" shows before the camera is ever asked for.
    this.#startFlow();
    if (this.noConsent) void this.start();
    // With a session, the consent screen may give way to the methods screen: it waits for it.
    else if (!this.#flow) this.#loadDetectorDuringConsent();
  }

  /**
   * The detector's set-up is CPU work: it runs while the person reads the
   * consent screen (never while other methods are offered, where it may not
   * be needed at all).
   */
  #loadDetectorDuringConsent(): void {
    if (this.state === 'consent')
      this.#detector.load(resolveAssetsBase(this.assetsUrl)).catch(() => {});
  }

  override updated(): void {
    if (this.#camera.status === 'paused' && this.state === 'live') {
      this.#gate.stop();
      this.#timers.clear();
      this.state = 'paused';
    }
  }

  override connectedCallback(): void {
    super.connectedCallback();
    const base = this.renderRoot?.querySelector('.base');
    if (base) this.#resizeObserver?.observe(base);
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.#resizeObserver?.disconnect();
    this.stop();
  }

  /** The element left the page before a decision: the flow stops and says so. */
  #cancelFlow(): void {
    const flow = this.#flow;
    if (!flow || flow.ended) return;
    flow.cancel();
    this.#flow = null;
    this.emit('reverify-error', {
      code: 'cancelled',
      message: 'The element was removed before a decision.',
    });
  }

  /** With `endpoint` set: a flow for this attempt (a new one after a flow ended). */
  #startFlow(): void {
    // An empty endpoint is valid: the handler on the page's own origin.
    if (typeof this.endpoint !== 'string' || (this.#flow && !this.#flow.ended)) return;
    const source = {
      endpoint: this.endpoint,
      referenceId: this.referenceId,
      clientToken: this.#flow ? undefined : this.clientToken,
      // A handoff link opens once: a retry after a flow ended cannot reuse it.
      handoffToken: this.#flow ? undefined : this.handoffToken,
      getClientToken: this.getClientToken,
      publishableKey: this.publishableKey,
      sandboxOutcome: this.sandboxOutcome,
    };
    this.#flow = new ReverificationFlow(source, {
      onProgress: (progress) => {
        this.progress = progress;
        if (progress !== 'done') this.#say(this.t.progress[progress]);
        this.emit('reverify-status', { kind: 'upload', progress });
      },
      onStatus: (event) => this.emit('reverify-status', { kind: 'event', event }),
      onComplete: (result) => this.#complete(result, canRenewSession(source)),
      onError: (error) =>
        this.#fail(
          error,
          canRenewSession(source) || error.code === 'network_error' || error.code === 'offline',
        ),
    });
    const flow = this.#flow;
    flow.start();
    flow.session().then(
      (session) => {
        if (this.#flow !== flow || flow.ended) return;
        this.#sessionToken = session.clientToken;
        this.#offerMethods(session);
      },
      () => {},
    );
  }

  /**
   * When the policy accepts more than the selfie, the methods screen comes
   * first (instead of the consent or the camera); when nothing it accepts
   * can be used here, the error screen says whom to ask.
   */
  #offerMethods(session: BrowserSession): void {
    const webAuthn = supportsPasskeys();
    const offered = offeredMethods(session.methods, webAuthn);
    if (!needsMethodChoice(offered)) {
      this.#loadDetectorDuringConsent();
      return;
    }
    if (offered.length === 0) {
      const noWebAuthn = session.methods.open.includes('passkey') && !webAuthn;
      this.#fail(
        new ReverifyError(
          noWebAuthn ? 'unsupported_browser' : 'factor_not_enrolled',
          noWebAuthn
            ? 'The policy needs a passkey and this browser has no WebAuthn.'
            : `Nothing "${session.methods.policy}" accepts is set up for this person (unavailable: ${session.methods.unavailable.join(', ') || 'none'}).`,
        ),
        false,
      );
      return;
    }
    // Only before a selfie was taken (the camera app's screen too, where the camera API is missing).
    const beforeSelfie: readonly CaptureState[] = ['consent', 'starting', 'live', 'fallback'];
    if (!beforeSelfie.includes(this.state)) return;
    this.#teardown();
    this._methods = session.methods;
    this.state = 'methods';
    this.#focusInside();
  }

  /** What the methods screen reports: the selfie chosen or next, a method done, or a failure for good. */
  #onMethod(event: ReverifyMethodEvent): void {
    const detail = event.detail;
    if (this.state !== 'methods' || this.#flow?.ended !== false) return;
    if (detail.kind === 'failed') {
      this.#fail(detail.error, false);
      return;
    }
    if (detail.kind === 'chosen') {
      this.#toSelfie();
      return;
    }
    if (detail.result.status === 'completed') {
      // The decision comes over the event stream, like a selfie's.
      if (!this.progress) this.progress = 'processing';
      return;
    }
    this._methods = detail.result.methods;
    if (!needsMethodChoice(offeredMethods(detail.result.methods, supportsPasskeys())))
      this.#toSelfie();
  }

  /** From the methods screen to the selfie: the consent screen, or the camera with `no-consent`. */
  #toSelfie(): void {
    this.state = 'consent';
    if (this.noConsent) void this.start();
    else {
      this.#loadDetectorDuringConsent();
      this.#focusInside();
    }
  }

  /** The decision arrived: the result screen says what it means and what comes next. */
  #complete(result: ReverifyCompleteDetail, canRetry: boolean): void {
    this.#selfieApproved =
      result.decision === 'approved' &&
      (result.verifiedBy ?? []).some((use) => use.method === 'selfie');
    const view = resultView(result.decision, result.reasons, this.t, canRetry);
    this._result = view;
    this.#say(resultText(view));
    this.emit('reverify-complete', result);
    if (!this.noResultScreen) this.#focusInside();
  }

  /**
   * Opens the camera and starts guiding. Loads the face model in parallel
   * with the permission prompt. Called by the consent button, or on connect
   * with `no-consent`.
   */
  async start(): Promise<void> {
    this.#teardown();
    const run = new AbortController();
    this.#run = run;
    this.state = 'starting';
    this._error = null;
    this._errorHint = null;
    this._result = null;
    this._manualNote = null;
    this.#frameGuidance = null;
    this.#announcementDue = false;
    this.progress = undefined;
    this.#say(this.t.starting);
    this.#focusInside();
    this.#startFlow();
    this._manualAvailable = false;
    this.#readySent = false;
    this.#capturing = false;
    this.#startedAt = performance.now();
    // What can be known without asking for the camera is reported first.
    if (!globalThis.isSecureContext) {
      this.#fail(new ReverifyError('insecure_context', 'The camera needs https (or localhost).'));
      return;
    }
    if (typeof WebAssembly !== 'object') {
      this.#fail(new ReverifyError('unsupported_browser', 'This browser lacks WebAssembly.'));
      return;
    }
    if (!navigator.mediaDevices?.getUserMedia) {
      if (this.noFileFallback)
        this.#fail(new ReverifyError('unsupported_browser', 'This browser lacks getUserMedia.'));
      else this.#offerCameraApp();
      return;
    }
    const detector = this.#detector.load(resolveAssetsBase(this.assetsUrl));
    detector.catch(() => {});
    // The camera waits for the session (asked for on connect): when its policy
    // offers other methods, they come first and the camera stays off.
    await this.#flow?.session().catch(() => null);
    if (run.signal.aborted) return;
    try {
      const stream = await this.#camera.start(this.deviceId || null);
      await this.updateComplete;
      const video = this.#video;
      if (!video || run.signal.aborted) return;
      video.srcObject = stream;
      await video.play();
      this._videoSize = { width: video.videoWidth || 640, height: video.videoHeight || 480 };
      const loaded = await detector;
      if (run.signal.aborted) return;
      this.state = 'live';
      this.#focusInside();
      this.#gate.resetTiming();
      this.#timers.after(this.manualCaptureAfter, () => {
        this._manualAvailable = true;
      });
      this.#timers.after(this.captureTimeout, () => {
        if (this.state === 'live') {
          this.#fail(
            new ReverifyError('capture_timeout', 'No usable selfie before the capture timeout.'),
          );
        }
      });
      this.#gate.start(video, loaded, this.#config, (frame) => this.#onFrame(frame));
    } catch (error) {
      if (run.signal.aborted) return;
      const failure = toReverifyError(error, 'camera_busy');
      // In-app browsers often refuse the camera however it is asked; their camera app works.
      const cameraFailed = failure.code.startsWith('camera_');
      if (cameraFailed && !this.noFileFallback && detectInAppBrowser(navigator.userAgent)) {
        this.#offerCameraApp();
      } else {
        this.#fail(failure);
      }
    }
  }

  /** The camera API cannot be used here: the device's camera app takes the photo instead. */
  #offerCameraApp(): void {
    this.#teardown();
    this._stillPending = null;
    this._manualNote = null;
    this.state = 'fallback';
    this.#say(this.t.fallback.text);
    this.#focusInside();
  }

  /** Opens the device's camera app (or, on a desktop, the file chooser). */
  #openCameraApp(): void {
    const input = this.renderRoot.querySelector<HTMLInputElement>('input[type="file"]');
    if (!input) return;
    input.value = '';
    input.click();
  }

  /**
   * The camera app's photo: checked on the device like a live frame. Without
   * exactly one face nothing is sent; a failing check is named and the
   * person chooses to use the photo or take another.
   */
  async #onCameraAppPhoto(file: File | undefined): Promise<void> {
    if (!file || this.state !== 'fallback') return;
    const t = this.t;
    this._manualNote = { text: t.fallback.checking, confirm: false };
    this.#say(t.fallback.checking);
    try {
      const detector = await this.#detector.load(resolveAssetsBase(this.assetsUrl));
      const photo = await stillPhoto(file, detector, this.#config, {
        maxLongEdge: this.maxLongEdge,
        quality: this.jpegQuality,
      });
      const guidance = photo.evaluation.guidance;
      const verdict = manualCapture(guidance);
      if (verdict === 'take') {
        await this.#submitStill(photo);
        return;
      }
      this._stillPending = verdict === 'confirm' ? photo : null;
      this.#noteManual(guidance, verdict === 'confirm');
    } catch (error) {
      if (error instanceof ReverifyError) {
        this.#fail(error);
        return;
      }
      this._manualNote = { text: t.fallback.unreadable, confirm: false };
      this.#say(t.fallback.unreadable);
    }
  }

  /** Discards the captured photo and opens the camera again. */
  retake(): Promise<void> {
    return this.start();
  }

  /**
   * Takes the photo now, whatever the light, sharpness or position checks
   * say; never without exactly one face (the upload would be a sure
   * rejection), in which case the element says so and keeps guiding.
   */
  async captureNow(): Promise<void> {
    if (this.state !== 'live') return;
    if (manualCapture(this.#frameGuidance) === 'refuse') {
      this.#noteManual(this.#frameGuidance, false);
      return;
    }
    await this.#capture('manual');
  }

  /** The "Take photo" button: as {@link captureNow}, but a flagged frame is named first and taken on a second press. */
  #takePhoto(): void {
    const verdict = manualCapture(this.#frameGuidance);
    if (verdict === 'confirm' && !this._manualNote?.confirm) {
      this.#noteManual(this.#frameGuidance, true);
      return;
    }
    void this.captureNow();
  }

  /**
   * Says why a manual capture (or a camera-app photo) was refused, or may
   * fail when `confirm`, naming the problem the checks saw.
   */
  #noteManual(guidance: GuidanceCode | null, confirm: boolean): void {
    const t = this.t;
    const lead = confirm ? t.manual.mayFail : t.manual.needsOneFace;
    const text = `${lead} ${t.guidance[guidance ?? 'no_face']}`;
    this._manualNote = { text, confirm };
    this.#say(text);
  }

  /** Announces `text` once, politely (the live region repeats nothing that did not change). */
  #say(text: string): void {
    this._announcement = text;
    this.#lastAnnouncedAt = performance.now();
  }

  /**
   * Announces new guidance at most once per quiet interval; a change inside
   * the interval is announced when it ends, if it still holds, so the last
   * instruction is always heard.
   */
  #announceGuidance(guidance: GuidanceCode): void {
    const wait = this.#lastAnnouncedAt + ANNOUNCE_EVERY_MS - performance.now();
    if (wait <= 0 || guidance === 'ready') {
      this.#say(this.t.guidance[guidance]);
      return;
    }
    if (this.#announcementDue) return;
    this.#announcementDue = true;
    this.#timers.after(wait, () => {
      this.#announcementDue = false;
      if (this.state === 'live') this.#say(this.t.guidance[this._guidance]);
    });
  }

  /**
   * Moves focus to the screen's main control (see `focus()`) after the next
   * render, unless focus is elsewhere on the page: a keyboard or screen-reader
   * user stays where the flow is, and nobody else's focus is taken.
   */
  #focusInside(): void {
    void this.updateComplete.then(() => {
      const active = document.activeElement;
      if (active && active !== document.body && active !== this && !this.contains(active)) return;
      this.focus();
    });
  }

  /** Stops the camera and the analysis; the element keeps its current screen. */
  stop(): void {
    this.#teardown();
    if (this.state === 'starting' || this.state === 'live') this.state = 'consent';
  }

  #teardown(): void {
    this.#run?.abort();
    this.#challenge.giveUp();
    this.#run = null;
    this.#gate.stop();
    this.#camera.stop();
    this.#timers.clear();
    if (this._previewUrl) URL.revokeObjectURL(this._previewUrl);
    this._previewUrl = null;
    const video = this.#video;
    if (video) video.srcObject = null;
  }

  #onFrame(frame: AnalysedFrame): void {
    const t = this.t;
    this.#lastEvaluationChecks = frame.evaluation.telemetry;
    this.#lastParallax = frame.parallax;
    if (!this.#readySent) {
      this.#readySent = true;
      this.emit('reverify-ready', {
        deviceId: this.#camera.deviceId,
        label: this.#camera.label,
        startupMs: Math.round(performance.now() - this.#startedAt),
      });
    }
    this._holdProgress = frame.step.progress;
    const guidance = frame.step.state.guidance;
    const first = this.#frameGuidance === null;
    this.#frameGuidance = guidance;
    if (first || guidance !== this._guidance) {
      this._guidance = guidance;
      if (this._manualNote && manualCapture(guidance) === 'take') this._manualNote = null;
      this.emit('reverify-guidance', { code: guidance, message: t.guidance[guidance] });
      this.#announceGuidance(guidance);
    }
    if (frame.step.state.phase === 'ready') void this.#capture('auto');
  }

  async #capture(trigger: 'auto' | 'manual'): Promise<void> {
    const video = this.#video;
    const run = this.#run;
    if (!video || !run || this.#capturing) return;
    this.#capturing = true;
    this.#gate.stop();
    this.#timers.clear();
    try {
      const photo = await captureFrame(video, {
        maxLongEdge: this.maxLongEdge,
        quality: this.jpegQuality,
      });
      const checks: CaptureChecks = this.#lastEvaluationChecks ?? NO_CHECKS;
      this.emit('reverify-capture', { ...photo, checks, trigger });
      const answer = await this.#presenceAnswer(video);
      if (run.signal.aborted) return;
      this.#camera.stop();
      video.srcObject = null;
      this._previewUrl = URL.createObjectURL(photo.blob);
      this._previewMirrored = true;
      this.state = 'captured';
      this.#say(this.t.captured);
      if (this.#flow) void this.#flow.submit({ blob: photo.blob, checks, ...answer });
    } catch (error) {
      this.#fail(
        new ReverifyError('camera_busy', 'The frame could not be captured.', { cause: error }),
      );
    } finally {
      this.#capturing = false;
    }
  }

  /**
   * Uploads a camera-app photo. A still cannot answer the head-turn
   * challenge, so the answer says `unavailable` and the policy decides.
   */
  async #submitStill(photo: StillPhoto): Promise<void> {
    const { blob, width, height } = photo;
    const checks = photo.evaluation.telemetry;
    this._stillPending = null;
    this._manualNote = null;
    this.emit('reverify-capture', { blob, width, height, checks, trigger: 'file' });
    this._previewUrl = URL.createObjectURL(blob);
    this._previewMirrored = false;
    this.state = 'captured';
    this.#say(this.t.captured);
    const flow = this.#flow;
    if (!flow) return;
    const session = await flow.session().catch(() => null);
    const challenge = session?.presence.challenge;
    void flow.submit({
      blob,
      checks,
      ...(session && challenge ? unavailableAnswer(challenge.nonce, session.receivedAt) : {}),
    });
  }

  /**
   * The answer to the session's presence challenge, run on the live camera
   * right after the frontal selfie: nothing without a challenge, `unavailable`
   * when it cannot run here, otherwise what the person did.
   */
  async #presenceAnswer(video: HTMLVideoElement): Promise<Partial<CapturePayload>> {
    const session = this.#flow ? await this.#flow.session().catch(() => null) : null;
    const challenge = session?.presence.challenge;
    if (!session || !challenge) return {};
    const frontal = frontalKeyframe(session.receivedAt);
    const signals = captureSignals(
      { ...this.#camera.facts(), webdriver: navigator.webdriver === true },
      this.#gate.timing,
    );
    const detector = this.#detector.detector;
    if (!detector || this.#lastParallax === null) {
      return {
        presence: { nonce: challenge.nonce, outcome: 'unavailable', keyframes: [frontal], signals },
      };
    }
    this.state = 'challenge';
    this.#say(this.t.challenge.intro);
    this.emit('reverify-challenge', { kind: 'started', moves: challenge.moves });
    const result = await this.#challenge.run({
      challenge,
      video,
      stream: this.#camera.stream,
      baseline: this.#lastParallax,
      receivedAt: session.receivedAt,
      clip: session.presence.clip,
      capture: { maxLongEdge: this.maxLongEdge, quality: this.jpegQuality },
      subscribe: (onFrame) =>
        this.#gate.start(video, detector, this.#config, onFrame, { everyFrame: true }),
      onGuidance: (code) => {
        const message = this.t.challenge[code];
        this.#say(message);
        this.emit('reverify-challenge', { kind: 'guidance', code, message });
      },
    });
    this.#gate.stop();
    this.emit('reverify-challenge', {
      kind: 'ended',
      outcome: result.outcome,
      keyframes: result.keyframes.length,
    });
    return {
      presence: {
        nonce: challenge.nonce,
        outcome: result.outcome,
        keyframes: [frontal, ...result.keyframes.map(({ name, atMs }) => ({ name, atMs }))],
        signals,
      },
      keyframes: result.keyframes.map(({ name, blob }) => ({ name, blob })),
      ...(result.clip ? { clip: result.clip } : {}),
    };
  }

  /**
   * Shows the error screen. `retryable` says whether this element could try
   * again at all (a new session); codes a retry cannot fix never offer one.
   * A capture timeout names the last problem the checks saw.
   */
  #fail(error: ReverifyError, retryable = true): void {
    const timedOutOn = error.code === 'capture_timeout' ? this._guidance : null;
    this.#teardown();
    this._retryable = retryable && retryCanFix(error.code);
    this.state = 'error';
    this._error = { code: error.code, message: error.message };
    this._errorHint = timedOutOn ? this.t.guidance[timedOutOn] : null;
    this.#say([this.#errorText(error.code), this._errorHint].filter(Boolean).join(' '));
    this.emit('reverify-error', { code: error.code, message: error.message });
    this.#focusInside();
  }

  #errorText(code: ReverifyErrorCode): string {
    const { errors } = this.t;
    return errors[code] ?? errors.generic;
  }

  async #switchCamera(event: Event): Promise<void> {
    this.deviceId = (event.target as HTMLSelectElement).value;
    await this.start();
  }

  override render() {
    const t = this.t;
    const live = this.state === 'live';
    const guidance = this.state === 'challenge' ? this.#challenge.guidance : null;
    const devices = this.#camera.devices;
    const current = this.#camera.deviceId;
    const picker = live && devices.length > 1 && !this.noCameraPicker;
    const actions = (live && this._manualAvailable) || guidance !== null;
    return html`<div part="base" class="base ${actions ? 'actions' : ''} ${picker ? 'picker-shown' : ''}" role="region" tabindex="-1" aria-label=${t.regionLabel} lang=${t.$code} dir=${t.$dir}>
      <video part="video" playsinline muted autoplay aria-hidden="true" ?hidden=${this.state === 'captured'}></video>
      ${live || guidance ? overlayTemplate(this._videoSize, this._viewAspect, this.#config.ovalCenter, live ? this._holdProgress : 0) : nothing}
      ${guidance ? challengeTemplate(guidance, this.#challenge.move, t, () => this.#challenge.giveUp()) : nothing}
      ${
        picker
          ? html`<div class="toolbar"><select part="picker" class="picker" aria-label=${t.cameraLabel} @change=${this.#switchCamera}>
            ${devices.map((device, index) => html`<option value=${device.deviceId} ?selected=${device.deviceId === current}>${device.label || t.cameraName(index + 1)}</option>`)}
          </select></div>`
          : nothing
      }
      ${live ? html`<p part="guidance" class="guidance" aria-hidden="true">${t.guidance[this._guidance]}</p>` : nothing}
      ${
        live && this._manualAvailable
          ? html`<div class="bottom-actions">${this._manualNote ? html`<p part="manual-note" class="manual-note" aria-hidden="true">${this._manualNote.text}</p>` : nothing}<button part="button capture-button" @click=${() => this.#takePhoto()}>${this._manualNote?.confirm ? t.manual.takeAnyway : t.takePhoto}</button></div>`
          : nothing
      }
      ${screenTemplate({
        state: this.state,
        t,
        messages: this.messages,
        errorText: this.#errorText(this._error?.code ?? 'internal_error'),
        errorHint: this._errorHint,
        retryable: this._retryable,
        result: this.noResultScreen ? null : this._result,
        previewUrl: this._previewUrl,
        previewMirrored: this._previewMirrored,
        progress: this.progress,
        inAppBrowser: detectInAppBrowser(navigator.userAgent) !== null,
        fallback: {
          note: this._manualNote?.text ?? null,
          pending: this._stillPending !== null,
          open: () => this.#openCameraApp(),
          chosen: (file) => void this.#onCameraAppPhoto(file),
          use: () => {
            if (this._stillPending) void this.#submitStill(this._stillPending);
          },
        },
        methods: {
          session: this._methods,
          endpoint: this.endpoint,
          clientToken: this.#sessionToken,
          onMethod: (event) => this.#onMethod(event),
        },
        factors:
          this.offerFactors.length > 0 && this.#selfieApproved
            ? { endpoint: this.endpoint, clientToken: this.#sessionToken, offer: this.offerFactors }
            : null,
        start: () => void this.start(),
        retake: () => void this.retake(),
      })}
      <div class="sr-only" role="status" aria-live="polite" aria-atomic="true">${this._announcement}</div>
    </div>`;
  }
}
