import type { Decision, ImageFormat, ReasonCode, SandboxOutcome } from '@reverify/contract';
import type { Logger } from './logger.js';
import type { StoredClip } from './presence.js';

/** A sanitized image as the handler stores it and hands it to providers: re-encoded, metadata-free bytes. */
export interface StoredImage {
  readonly bytes: Uint8Array;
  readonly format: ImageFormat;
  readonly width: number;
  readonly height: number;
}

/** The enrolled person a match is against, as a provider sees it. */
export interface EnrolledPerson {
  /** The integrator's id of the person. */
  readonly referenceId: string;
  /** The provider's own id of the enrollment (Truora `enrollment_id`, …), if it has one. */
  readonly providerEnrollmentId: string | null;
  /** When the person was (last) enrolled, ISO 8601. */
  readonly enrolledAt: string;
}

/** What the handler asks a provider to enroll. */
export interface EnrollRequest {
  readonly referenceId: string;
  /** The sanitized reference selfie, unless the caller named a provider enrollment. */
  readonly image: StoredImage | null;
  /** An enrollment that already exists at the provider. */
  readonly providerEnrollmentId: string | null;
}

/** The provider's answer to an enrollment. */
export interface EnrollOutcome {
  readonly status: 'pending' | 'success' | 'failure';
  readonly providerEnrollmentId: string | null;
  /** Why it failed; `null` unless `status` is `failure`. */
  readonly failureReason: ReasonCode | null;
}

/** One face match to run: the new selfie against the enrolled person. */
export interface MatchRequest {
  readonly reverificationId: string;
  readonly referenceId: string;
  readonly enrollment: EnrolledPerson;
  /** The sanitized selfie (the challenge's frontal frame). */
  readonly image: StoredImage;
  /** The challenge video, when the provider wants one ({@link FaceMatchProvider.wantsClip}) and the device sent it. */
  readonly clip: StoredClip | null;
  /** Threshold 0–1, or `null` for the provider's default. */
  readonly threshold: number | null;
  readonly timeoutSeconds: number;
  /** The reverification this one restarts, if any, and the provider's reference for it. */
  readonly retryOf: {
    readonly reverificationId: string;
    readonly providerReference: string | null;
  } | null;
  /** What {@link FaceMatchProvider.openMatch} answered for this reverification, if it ran. */
  readonly providerReference: string | null;
  /** Sandbox only: the outcome the caller forced. */
  readonly sandboxOutcome: SandboxOutcome | null;
}

/** A provider's verdict on one match. */
export type MatchOutcome =
  | {
      readonly kind: 'decided';
      readonly decision: Decision;
      readonly reasons: readonly ReasonCode[];
      readonly matchScore: number | null;
      readonly livenessScore: number | null;
    }
  | {
      /** A system error: nothing was decided about the person. */
      readonly kind: 'failed';
      readonly reasons: readonly ReasonCode[];
      /** For logs; never shown to end users. */
      readonly message: string;
    };

/**
 * Where a provider keeps its face templates (e.g. embeddings), in the
 * handler's store: they are biometric data, so the deletion endpoint
 * removes them with the images.
 */
export interface TemplateStore {
  get(referenceId: string): Promise<Uint8Array | null>;
  put(referenceId: string, template: Uint8Array): Promise<void>;
  delete(referenceId: string): Promise<void>;
}

/** A match a provider accepted that has no verdict yet (the handler may have restarted since). */
export interface InFlightMatch {
  readonly reverificationId: string;
  readonly providerReference: string;
  /** When the reverification times out (ISO 8601); no verdict counts after it. */
  readonly expiresAt: string;
}

/**
 * A webhook a provider sent to `POST /v1/providers/{name}/webhook`. The body
 * is raw text: signatures are computed over the exact bytes.
 */
export interface ProviderWebhook {
  readonly headers: Headers;
  readonly body: string;
}

/** What the handler asks a provider to open when a reverification session is created. */
export interface OpenMatchRequest {
  readonly reverificationId: string;
  readonly referenceId: string;
  readonly enrollment: EnrolledPerson;
  /** Sandbox only: the outcome the caller forced. */
  readonly sandboxOutcome: SandboxOutcome | null;
}

/** A match that was processing when the handler last stopped; see {@link FaceMatchProvider.lostOnRestart}. */
export interface LostMatchCandidate {
  readonly referenceId: string;
  /** Sandbox only: the outcome the caller forced. */
  readonly sandboxOutcome: SandboxOutcome | null;
}

/** What the handler gives a provider when it starts. */
export interface ProviderContext {
  /** This provider's templates. */
  readonly templates: TemplateStore;
  /**
   * Delivers the verdict of a match started with {@link FaceMatchProvider.startMatch}.
   * Safe to call more than once or late: only the first verdict of a
   * reverification still processing counts.
   */
  report(reverificationId: string, outcome: MatchOutcome): Promise<void>;
  readonly logger: Logger;
  /**
   * This provider's matches still processing that it named a reference for,
   * so that a provider resumes polling, and maps webhooks, after a restart.
   */
  inFlight(): Promise<readonly InFlightMatch[]>;
  /**
   * The match of this provider still processing under `providerReference`,
   * whichever instance started it (several handler instances share one
   * store, and a provider's webhook reaches any of them); `null` when none is.
   */
  findMatch(providerReference: string): Promise<InFlightMatch | null>;
}

/**
 * A face-match service behind the handler: the sandbox, the local matcher,
 * Truora, a VECU-style API. Verdicts arrive through
 * {@link ProviderContext.report}, so polling and webhook-driven providers fit
 * the same shape.
 */
export interface FaceMatchProvider {
  /** Short stable name stored with each record, e.g. `sandbox`. */
  readonly name: string;
  /** Whether the provider may run in production mode (the sandbox may not). */
  readonly production: boolean;
  /**
   * Whether the provider checks liveness from a video of the challenge
   * (Truora's passive liveness): the device then records one and
   * {@link MatchRequest.clip} carries it. Default false.
   */
  readonly wantsClip?: boolean;
  /**
   * Throws `server_busy` (with `retryAfterSeconds`) when the provider cannot
   * take more work now, so the handler answers 429 before accepting an
   * upload. Optional: providers without a local queue omit it.
   */
  admit?(): void;
  /** Called once before any other method. */
  start(context: ProviderContext): Promise<void>;
  /**
   * Whether a match of this person that was in flight when the handler's
   * process stopped is lost with it (the match ran inside the process, as
   * the local matcher's and the sandbox's do). The handler then starts it
   * again at start-up from the stored capture. Optional: without it, a
   * remote service keeps the match and {@link ProviderContext.inFlight}
   * lets the provider resume polling it.
   */
  lostOnRestart?(match: LostMatchCandidate): boolean;
  /**
   * Whether this match's outcome already carries the liveness result to use
   * in place of the handler's own presence check (the sandbox's forced
   * outcomes, so integrators can test every liveness result without a
   * camera). Optional: without it the handler's check runs.
   */
  decidesLiveness?(match: LostMatchCandidate): boolean;
  /**
   * Enrollment the provider grants without an explicit one (the sandbox's
   * magic referenceIds), or `null`.
   */
  implicitEnrollment(referenceId: string): EnrollOutcome | null;
  /** Enrolls a person from a reference selfie or an existing provider enrollment. */
  enroll(request: EnrollRequest, signal: AbortSignal): Promise<EnrollOutcome>;
  /**
   * Opens the provider's side of a reverification when its session is
   * created, before the camera opens, for providers that look the person up
   * themselves (VECU-style). Its `providerReference` reaches
   * {@link FaceMatchProvider.startMatch}. Optional.
   *
   * @throws ReverifyError `invalid_reference_id` or `reference_expired` when
   *   the provider does not know the person or their verification expired.
   */
  openMatch?(
    request: OpenMatchRequest,
    signal: AbortSignal,
  ): Promise<{ providerReference: string | null }>;
  /**
   * Starts one match. Resolves once the provider has accepted the work, with
   * the provider's reference for it; the verdict comes later through `report`.
   */
  startMatch(
    request: MatchRequest,
    signal: AbortSignal,
  ): Promise<{ providerReference: string | null }>;
  /**
   * Verifies and applies a webhook from the provider (verdicts go through
   * {@link ProviderContext.report}). Optional: polling-only providers omit it.
   *
   * @throws ReverifyError `unauthorized` for a bad or missing signature,
   *   `invalid_request` for a body that is not the provider's format.
   */
  receiveWebhook?(webhook: ProviderWebhook): Promise<void>;
  /** Deletes whatever the provider keeps about `referenceId` (templates, images). */
  deleteReference(referenceId: string): Promise<void>;
  /** Stops timers and releases resources. */
  close(): Promise<void>;
}
