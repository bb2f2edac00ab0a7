import type { ReasonCode } from './reasons.js';

/**
 * Truora face re-validation `declined_reason` values (and `failure_status` /
 * expired reasons) mapped to Reverify reason codes. Values Truora may add
 * later fall back to {@link mapTruoraReason}'s default.
 */
export const TRUORA_REASON_MAP: Readonly<Record<string, ReasonCode>> = {
  similarity_threshold_not_passed: 'selfie_no_match',
  passive_liveness_verification_not_passed: 'liveness_failed',
  no_face_detected: 'no_face',
  face_not_detected: 'no_face',
  multiple_faces_detected: 'multiple_faces',
  risky_face_detected: 'risky_face',
  image_face_validation_not_passed: 'selfie_unclear',
  invalid_video_file: 'image_quality',
  input_file_not_uploaded: 'expired',
  face_validation_not_started: 'expired',
  manual_review_expired: 'expired',
  system_error: 'provider_error',
};

/**
 * VECU-style reverification reasons (`id.selfie.match`, …) mapped to Reverify
 * reason codes.
 */
export const VECU_REASON_MAP: Readonly<Record<string, ReasonCode>> = {
  'id.selfie.match': 'selfie_match',
  'id.selfie.no_match': 'selfie_no_match',
  'id.selfie.unclear': 'selfie_unclear',
  'id.selfie.no_face': 'no_face',
  'id.selfie.multiple_faces': 'multiple_faces',
  'id.liveness.passed': 'liveness_passed',
  'id.liveness.failed': 'liveness_failed',
};

/**
 * Maps a provider reason through `map`; an unknown reason becomes `fallback`
 * so that a provider's new vocabulary never breaks a decision.
 */
export function mapProviderReason(
  map: Readonly<Record<string, ReasonCode>>,
  providerReason: string,
  fallback: ReasonCode,
): ReasonCode {
  return Object.hasOwn(map, providerReason) ? (map[providerReason] as ReasonCode) : fallback;
}
