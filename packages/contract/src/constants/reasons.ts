/**
 * Why a reverification ended as it did. The list is closed; every provider's
 * own vocabulary is mapped onto it (see the package README for the tables).
 */
export const REASON_CODES = {
  /** The selfie matches the enrolled face above the threshold. */
  selfie_match: 'The selfie matches the enrolled person.',
  /** The selfie does not match the enrolled face. */
  selfie_no_match: 'The selfie does not match the enrolled person.',
  /** A face was found but the comparison could not decide (blur, occlusion, pose). */
  selfie_unclear: 'The selfie is too unclear to compare.',
  /** The provider's liveness check passed. */
  liveness_passed: 'The liveness check passed.',
  /** The provider's liveness check failed (photo of a photo, screen, mask). */
  liveness_failed: 'The liveness check failed.',
  /** Liveness was not checked (policy `off`, or nothing could check it); the decision rests on the match. */
  liveness_not_checked: 'Liveness was not checked.',
  /** The liveness check ran but could not decide (too small a turn, an unclear frame, a weak passive signal). */
  liveness_uncertain: 'The liveness check was not conclusive.',
  /** The head-turn challenge was not completed (time limit, "I can't do this", or no face detector). */
  challenge_incomplete: 'The head-turn challenge was not completed.',
  /** The challenge's frames show more than one person (a face swapped in mid-sequence). */
  face_changed: 'The face changed during the challenge.',
  /** The device reported a virtual camera, automation or an implausible video stream. */
  camera_suspicious: 'The camera looked suspicious (virtual camera or automation).',
  /** No face was found in the selfie. */
  no_face: 'No face was found in the selfie.',
  /** More than one face was found in the selfie. */
  multiple_faces: 'More than one face was found in the selfie.',
  /** The image is too dark, bright, small or blurred to use. */
  image_quality: 'The image quality is too low.',
  /** The face is on the provider's risk list. */
  risky_face: 'The face was flagged as risky by the provider.',
  /** The provider failed (system error); nothing was decided about the person. */
  provider_error: 'The face-match provider failed.',
  /** The reverification timed out. */
  expired: 'The reverification expired before a decision.',
  /** A human reviewer approved after manual review. */
  review_approved: 'A reviewer approved the reverification.',
  /** A human reviewer rejected after manual review. */
  review_rejected: 'A reviewer rejected the reverification.',
} as const;

/** A reason code; see {@link REASON_CODES}. */
export type ReasonCode = keyof typeof REASON_CODES;
