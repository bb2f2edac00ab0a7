import type { ReasonCode } from '@reverify/contract';

/**
 * Truora face re-validation `declined_reason` values (and `failure_status` /
 * expired reasons) mapped to Reverify reason codes. Values Truora may add
 * later fall back to the caller's default (see `mapProviderReason`).
 */
export const TRUORA_REASON_MAP: Readonly<Record<string, ReasonCode>> = {
  similarity_threshold_not_passed: 'selfie_no_match',
  passive_liveness_verification_not_passed: 'liveness_failed',
  liveness_verification_not_passed: 'liveness_failed',
  photo_of_photo: 'liveness_failed',
  no_face_detected: 'no_face',
  face_not_detected: 'no_face',
  multiple_faces_detected: 'multiple_faces',
  risky_face_detected: 'risky_face',
  // TruFace and Truora's risk signals: fraud signals, never an unclear selfie.
  user_face_match_in_fraud_collection: 'risky_face',
  user_face_match_in_client_collection: 'risky_face',
  fraudster_face_match_in_client_collection: 'risky_face',
  face_in_blocklist: 'risky_face',
  risk_signal_detected: 'risky_face',
  image_face_validation_not_passed: 'selfie_unclear',
  invalid_video_file: 'image_quality',
  system_error: 'provider_error',
};

/**
 * Truora's face validation *expired* reasons, a list of their own in
 * Truora's docs ("Expired Reasons Details"), read when `failure_status` is
 * `expired`: each ends the reverification as `expired`, and the reason
 * names which way it expired.
 */
export const TRUORA_EXPIRED_REASONS: Readonly<Record<string, string>> = {
  input_file_not_uploaded: 'the selfie was never uploaded',
  face_validation_not_started: 'the face validation was never started',
  manual_review_expired: "Truora's manual review did not happen in time",
};

/**
 * The Reverify reason of a Truora decline the map does not name: a match
 * in a fraud collection (Truora's TruFace or its risky faces) is
 * `risky_face`, any other liveness decline `liveness_failed`, the rest
 * `selfie_unclear`, never an approval.
 */
export function truoraDeclineFallback(declinedReason: string): ReasonCode {
  if (/fraud|risk|blocked|blacklist|blocklist/i.test(declinedReason)) return 'risky_face';
  if (/liveness|spoof|photo_of/i.test(declinedReason)) return 'liveness_failed';
  return 'selfie_unclear';
}
