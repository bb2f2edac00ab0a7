import { describe, expect, it } from 'vitest';
import { type TruoraValidation, truoraOutcome } from './truora-outcome.js';

const validation = (patch: Partial<TruoraValidation>): TruoraValidation => ({
  validation_id: 'VLD1',
  validation_status: 'pending',
  ...patch,
});
const details = (confidence: number, liveness: string) => ({
  face_recognition_validations: { confidence_score: confidence, passive_liveness_status: liveness },
});

describe('truoraOutcome', () => {
  it('has no verdict while pending', () => {
    expect(truoraOutcome(validation({}))).toBeNull();
  });

  it('approves a success, keeping the confidence score', () => {
    expect(
      truoraOutcome(
        validation({ validation_status: 'success', details: details(0.91, 'success') }),
      ),
    ).toEqual({
      kind: 'decided',
      decision: 'approved',
      reasons: ['selfie_match', 'liveness_passed'],
      matchScore: 0.91,
      livenessScore: null,
    });
    expect(
      truoraOutcome(
        validation({ validation_status: 'success', details: details(0.8, 'not_executed') }),
      )?.reasons,
    ).toEqual(['selfie_match', 'liveness_not_checked']);
  });

  it.each([
    ['similarity_threshold_not_passed', 'success', ['selfie_no_match', 'liveness_passed']],
    ['passive_liveness_verification_not_passed', 'failure', ['liveness_failed']],
    ['no_face_detected', 'not_executed', ['no_face', 'liveness_not_checked']],
    ['face_not_detected', 'not_executed', ['no_face', 'liveness_not_checked']],
    ['risky_face_detected', 'success', ['risky_face', 'liveness_passed']],
    ['liveness_verification_not_passed', 'failure', ['liveness_failed']],
    ['photo_of_photo', 'failure', ['liveness_failed']],
    ['invalid_video_file', 'not_executed', ['image_quality', 'liveness_not_checked']],
    ['a_reason_truora_adds_later', 'success', ['selfie_unclear', 'liveness_passed']],
    ['face_found_in_fraud_collection', 'success', ['risky_face', 'liveness_passed']],
    ['user_face_match_in_fraud_collection', 'success', ['risky_face', 'liveness_passed']],
    ['user_face_match_in_client_collection', 'success', ['risky_face', 'liveness_passed']],
    ['fraudster_face_match_in_client_collection', 'success', ['risky_face', 'liveness_passed']],
    ['face_in_blocklist', 'success', ['risky_face', 'liveness_passed']],
    ['risk_signal_detected', 'success', ['risky_face', 'liveness_passed']],
    ['a_new_liveness_check_not_passed', 'failure', ['liveness_failed']],
  ])('rejects a decline for %s', (reason, liveness, reasons) => {
    expect(
      truoraOutcome(
        validation({
          validation_status: 'failure',
          failure_status: 'declined',
          declined_reason: reason,
          details: details(0.3, liveness),
        }),
      ),
    ).toEqual({
      kind: 'decided',
      decision: 'rejected',
      reasons,
      matchScore: 0.3,
      livenessScore: null,
    });
  });

  it.each([
    [{ failure_status: 'expired', expired_reason: 'input_file_not_uploaded' }, 'expired'],
    [{ failure_status: 'expired', expired_reason: 'face_validation_not_started' }, 'expired'],
    [{ failure_status: 'expired', declined_reason: 'input_file_not_uploaded' }, 'expired'],
    [{ failure_status: 'expired' }, 'expired'],
    [{ failure_status: 'declined', declined_reason: 'manual_review_expired' }, 'expired'],
    [{ failure_status: 'system_error' }, 'provider_error'],
    [{ failure_status: 'declined', declined_reason: 'system_error' }, 'provider_error'],
    [{}, 'provider_error'],
  ])('fails without deciding on %o', (patch, reason) => {
    expect(truoraOutcome(validation({ validation_status: 'failure', ...patch }))).toMatchObject({
      kind: 'failed',
      reasons: [reason],
    });
  });

  it('names how it expired, from the list of expired reasons', () => {
    expect(
      truoraOutcome(
        validation({
          validation_status: 'failure',
          failure_status: 'expired',
          expired_reason: 'input_file_not_uploaded',
        }),
      ),
    ).toMatchObject({ message: 'Truora: validation expired (the selfie was never uploaded)' });
  });
});
