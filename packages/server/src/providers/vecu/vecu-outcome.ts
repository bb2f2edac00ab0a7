import type { Decision, ReasonCode } from '@reverify/contract';
import { z } from 'zod';
import type { MatchOutcome } from '../../plugin/provider.js';
import { mapProviderReason } from '../../plugin/reasons.js';
import { VECU_REASON_MAP } from './vecu-reasons.js';

/**
 * The seed's reasons are objects, `{ code: 'id.selfie.match', description }`;
 * a bare code string is read too. Either way Reverify keeps the code.
 */
const VecuReasonsSchema = z
  .array(
    z.union([
      z.string().min(1),
      z.looseObject({ code: z.string().min(1), description: z.string().optional() }),
    ]),
  )
  .transform((reasons) =>
    reasons.map((reason) => (typeof reason === 'string' ? reason : reason.code)),
  );

/** A VECU-style reverification as its status endpoint answers it. */
export const VecuReverificationSchema = z.looseObject({
  verificationId: z.string().min(1),
  status: z.string(),
  decision: z.enum(['approved', 'rejected', 'manual_review']).nullish(),
  reasons: VecuReasonsSchema.nullish(),
  scores: z
    .looseObject({
      match: z.number().min(0).max(1).nullish(),
      liveness: z.number().min(0).max(1).nullish(),
    })
    .nullish(),
});

/** A VECU-style reverification as Reverify reads it. */
export type VecuReverification = z.infer<typeof VecuReverificationSchema>;

/** A VECU-style webhook: `reverification.status_changed`, `.completed` or `.failed`. */
export const VecuWebhookSchema = z.looseObject({
  eventId: z.string().min(1),
  eventType: z.string().min(1),
  eventVersion: z.string().optional(),
  timestamp: z.string().optional(),
  source: z.string().optional(),
  data: z.looseObject({
    verificationId: z.string().min(1),
    referenceId: z.string().optional(),
    previousStatus: z.string().nullish(),
    /** The seed's `status_changed` carries the new status as `status`. */
    status: z.string().nullish(),
    currentStatus: z.string().nullish(),
    decision: VecuReverificationSchema.shape.decision,
    reasons: VecuReverificationSchema.shape.reasons,
    scores: VecuReverificationSchema.shape.scores,
  }),
});

/** A VECU-style webhook as Reverify reads it. */
export type VecuWebhook = z.infer<typeof VecuWebhookSchema>;

/** The reason a decision implies when the provider names none Reverify knows. */
const DEFAULT_REASON: Record<Decision, ReasonCode> = {
  approved: 'selfie_match',
  rejected: 'selfie_no_match',
  manual_review: 'selfie_unclear',
};

/** The reverification state a webhook describes. */
export function vecuStateOf(webhook: VecuWebhook): VecuReverification {
  const { data, eventType } = webhook;
  const status =
    eventType === 'reverification.completed'
      ? 'completed'
      : eventType === 'reverification.failed'
        ? 'failed'
        : (data.status ?? data.currentStatus ?? 'processing');
  return {
    verificationId: data.verificationId,
    status,
    decision: data.decision,
    reasons: data.reasons,
    scores: data.scores,
  };
}

/**
 * The verdict of a VECU-style reverification, or `null` while it has none:
 * `completed` with a decision decides, with its `id.*` reasons mapped to
 * Reverify's (unknown ones become the decision's default reason); `failed`
 * and `expired` end without deciding anything about the person.
 */
export function vecuOutcome(state: VecuReverification): MatchOutcome | null {
  if (state.status === 'failed' || state.status === 'expired') {
    return {
      kind: 'failed',
      reasons: [state.status === 'expired' ? 'expired' : 'provider_error'],
      message: `VECU: reverification ${state.status}`,
    };
  }
  if (state.status !== 'completed' || !state.decision) return null;
  const fallback = DEFAULT_REASON[state.decision];
  const reasons = (state.reasons ?? []).map((reason) =>
    mapProviderReason(VECU_REASON_MAP, reason, fallback),
  );
  return {
    kind: 'decided',
    decision: state.decision,
    reasons: [...new Set(reasons.length ? reasons : [fallback])],
    matchScore: state.scores?.match ?? null,
    livenessScore: state.scores?.liveness ?? null,
  };
}
