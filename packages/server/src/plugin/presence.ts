import type { ChallengeMove, KeyframeName, ReasonCode } from '@reverify/contract';
import type { StoredImage } from './provider.js';

/** A validated challenge video, as stored and handed to a provider that wants one. */
export interface StoredClip {
  readonly bytes: Uint8Array;
  /** `video/webm` or `video/mp4`. */
  readonly mimeType: string;
  readonly durationMs: number;
  readonly width: number;
  readonly height: number;
  /** The video codec as the container names it (`vp8`, `avc`, …). */
  readonly codec: string;
}

/** One keyframe of a challenge, sanitized like any upload. */
export interface PresenceKeyframe {
  readonly name: KeyframeName;
  readonly image: StoredImage;
  /** Milliseconds since the browser received the challenge. */
  readonly atMs: number;
}

/** What the handler asks a presence verifier to check. */
export interface PresenceRequest {
  readonly reverificationId: string;
  /** The moves the challenge asked for, in order. */
  readonly moves: readonly ChallengeMove[];
  /** The smallest head turn the challenge asked for, degrees. */
  readonly minYawDegrees: number;
  /** `frontal`, one `peak_<n>` per move, then `return`. */
  readonly keyframes: readonly PresenceKeyframe[];
}

/** A presence verifier's answer. */
export interface PresenceVerdict {
  /** `passed`: a live person did what was asked; `failed`: clearly not; `review`: not conclusive. */
  readonly status: 'passed' | 'failed' | 'review';
  /** Confidence 0–1 that a live person was present, when the verifier has one. */
  readonly score: number | null;
  /** Reason codes: `liveness_passed`, `liveness_failed`, `liveness_uncertain`, `face_changed`. */
  readonly reasons: readonly ReasonCode[];
  /** Measurements behind the verdict, for logs and the review page (no images). */
  readonly measurements: Readonly<Record<string, number | string | boolean | null>>;
}

/**
 * Verifies an active challenge from its keyframes, on the server: one face
 * in each, the same person in all, the head turned the asked way far enough
 * with the parallax of a real head (not a turned photo), and back to the
 * centre. The local matcher implements it (`@reverify/provider-local`).
 * A verdict never approves on its own: it is one step the policy combines.
 */
export interface PresenceVerifier {
  verifyPresence(request: PresenceRequest, signal: AbortSignal): Promise<PresenceVerdict>;
}

/** Whether `value` is (also) a {@link PresenceVerifier}. */
export function isPresenceVerifier(value: unknown): value is PresenceVerifier {
  return typeof (value as Partial<PresenceVerifier> | null)?.verifyPresence === 'function';
}
