import type { ReasonCode } from '@reverify/contract';
import { z } from 'zod';
import type { MatchOutcome } from '../../plugin/provider.js';
import { mapProviderReason } from '../../plugin/reasons.js';
import {
  TRUORA_EXPIRED_REASONS,
  TRUORA_REASON_MAP,
  truoraDeclineFallback,
} from './truora-reasons.js';

/** The parts of a Truora validation Reverify reads (`GET /v1/validations/{id}`). */
export const TruoraValidationSchema = z.looseObject({
  validation_id: z.string().min(1),
  validation_status: z.string(),
  failure_status: z.string().optional(),
  declined_reason: z.string().optional(),
  expired_reason: z.string().optional(),
  details: z
    .looseObject({
      face_recognition_validations: z
        .looseObject({
          confidence_score: z.number().min(0).max(1).optional(),
          passive_liveness_status: z.string().optional(),
        })
        .optional(),
    })
    .nullish(),
});

/** A Truora validation as Reverify reads it. */
export type TruoraValidation = z.infer<typeof TruoraValidationSchema>;

function livenessReason(validation: TruoraValidation): ReasonCode {
  switch (validation.details?.face_recognition_validations?.passive_liveness_status) {
    case 'success':
      return 'liveness_passed';
    case 'failure':
      return 'liveness_failed';
    default:
      return 'liveness_not_checked';
  }
}

/**
 * Why an expired validation expired (`''` when Truora names no reason), or
 * `null` when it did not expire. The reason is read from `expired_reason`,
 * and from `declined_reason` where a validation carries it there.
 */
function expiredReason(validation: TruoraValidation): string | null {
  const named = validation.expired_reason ?? validation.declined_reason ?? '';
  if (validation.failure_status === 'expired') return named;
  return Object.hasOwn(TRUORA_EXPIRED_REASONS, named) ? named : null;
}

/**
 * The verdict a Truora validation holds, or `null` while it is pending.
 * `success` approves; `failure` + `declined` rejects with the mapped
 * `declined_reason`; `expired` and `system_error` fail without deciding
 * anything about the person. The confidence score becomes the match score.
 */
export function truoraOutcome(validation: TruoraValidation): MatchOutcome | null {
  const matchScore = validation.details?.face_recognition_validations?.confidence_score ?? null;
  if (validation.validation_status === 'success') {
    return {
      kind: 'decided',
      decision: 'approved',
      reasons: ['selfie_match', livenessReason(validation)],
      matchScore,
      livenessScore: null,
    };
  }
  if (validation.validation_status !== 'failure') return null;
  const expired = expiredReason(validation);
  if (expired !== null) {
    const why = Object.hasOwn(TRUORA_EXPIRED_REASONS, expired)
      ? TRUORA_EXPIRED_REASONS[expired]
      : undefined;
    return {
      kind: 'failed',
      reasons: ['expired'],
      message: `Truora: validation expired${why ? ` (${why})` : ''}`,
    };
  }
  const declined = validation.declined_reason ?? '';
  const reason = mapProviderReason(
    TRUORA_REASON_MAP,
    declined,
    validation.failure_status === 'declined' ? truoraDeclineFallback(declined) : 'provider_error',
  );
  if (validation.failure_status !== 'declined' || reason === 'provider_error') {
    return {
      kind: 'failed',
      reasons: ['provider_error'],
      message: `Truora: ${validation.failure_status ?? 'failure'}`,
    };
  }
  return {
    kind: 'decided',
    decision: 'rejected',
    reasons: [...new Set<ReasonCode>([reason, livenessReason(validation)])],
    matchScore,
    livenessScore: null,
  };
}
