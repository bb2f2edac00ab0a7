import type {
  CaptureChecks,
  CaptureSignals,
  ChallengeOutcome,
  KeyframeName,
} from '@reverify/contract';
import type { PresenceKeyframe, StoredClip } from '../../plugin/presence.js';
import type { StoredImage } from '../../plugin/provider.js';

/** What the upload said about the challenge (its images are kept as keyframes). */
export interface CapturePresence {
  readonly outcome: ChallengeOutcome;
  readonly keyframes: readonly { readonly name: KeyframeName; readonly atMs: number }[];
  readonly signals: CaptureSignals | null;
}

/** The uploaded selfie of a reverification. */
export interface CaptureRecord {
  readonly id: string;
  readonly reverificationId: string;
  /** The `Idempotency-Key` of the upload that created it, if any. */
  readonly idempotencyKey: string | null;
  /** The sanitized image; `null` once retention purged it. */
  readonly image: StoredImage | null;
  /** The device's quality telemetry, sent with the upload. */
  readonly checks: CaptureChecks | null;
  /** The challenge's answer, when the upload carried one. */
  readonly presence: CapturePresence | null;
  readonly createdAt: string;
  readonly purgedAt: string | null;
}

/** Counts of biometric records removed by {@link BiometricQueries.deleteBiometricData}. */
export interface BiometricDeletion {
  readonly referenceImages: number;
  readonly captures: number;
  /** Provider face templates (e.g. the local matcher's embeddings). */
  readonly templates: number;
  /** Challenge keyframes. */
  readonly keyframes: number;
  /** Challenge videos. */
  readonly clips: number;
}

/**
 * Biometric data: reference selfies, captures and provider face templates,
 * with retention and deletion. A store must leave nothing recoverable of
 * what these delete.
 */
export interface BiometricQueries {
  /** Stores (or with `null` deletes) the reference selfie of an enrollment. */
  putReferenceImage(enrollmentId: string, image: StoredImage | null): Promise<void>;
  getReferenceImage(enrollmentId: string): Promise<StoredImage | null>;
  insertCapture(record: CaptureRecord): Promise<void>;
  getCaptureByReverification(reverificationId: string): Promise<CaptureRecord | null>;
  /** Stores the keyframes of a capture (besides its frontal image). */
  insertKeyframes(captureId: string, keyframes: readonly PresenceKeyframe[]): Promise<void>;
  /** The keyframes of a reverification's capture, in upload order; empty once purged. */
  listKeyframes(reverificationId: string): Promise<PresenceKeyframe[]>;
  /** Stores the challenge video of a capture. */
  insertClip(captureId: string, clip: StoredClip): Promise<void>;
  /** The challenge video of a reverification's capture, or `null` (none, or purged). */
  getClip(reverificationId: string): Promise<StoredClip | null>;
  /**
   * Deletes the image bytes, keyframes and clip of captures whose
   * reverification's `purgeAfter` ≤ `now`; returns how many captures.
   */
  purgeCaptures(now: string): Promise<number>;
  /** Deletes every reference image, capture image, keyframe, clip and provider template of `referenceId`. */
  deleteBiometricData(referenceId: string, at: string): Promise<BiometricDeletion>;
  /** Stores (or with `null` deletes) a provider's face template of a person. */
  putTemplate(provider: string, referenceId: string, template: Uint8Array | null): Promise<void>;
  getTemplate(provider: string, referenceId: string): Promise<Uint8Array | null>;
}
