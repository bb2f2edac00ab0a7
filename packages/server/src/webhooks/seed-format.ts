import { REASON_CODES, type ReasonCode, type WebhookPayload } from '@reverify/contract';
import { VECU_REASON_MAP } from '../providers/vecu/vecu-reasons.js';

/** How an endpoint's webhook bodies are shaped: Reverify's own, or the VECU seed's. */
export type WebhookFormat = 'reverify' | 'vecu';

/** Reverify's reason codes as the VECU seed writes them (`id.selfie.match`, …). */
const VECU_CODE_OF: ReadonlyMap<ReasonCode, string> = new Map(
  Object.entries(VECU_REASON_MAP).map(([theirs, ours]) => [ours, theirs]),
);

/** One reason in the seed's shape: its code and a sentence. */
export interface SeedReason {
  readonly code: string;
  readonly description: string;
}

/** A reason as the seed names it: its `id.*` code where it has one, else `reverify.<code>`. */
export function seedReason(reason: ReasonCode): SeedReason {
  return {
    code: VECU_CODE_OF.get(reason) ?? `reverify.${reason}`,
    description: REASON_CODES[reason],
  };
}

/**
 * A webhook body in the VECU seed's shape, for a receiver written against
 * the seed: `data.verificationId` (the reverification id), `status` beside
 * `currentStatus`, reasons as `{ code, description }` objects, and on
 * `reverification.failed` an `error` naming why.
 */
export function seedPayload(payload: WebhookPayload): Record<string, unknown> {
  const { data } = payload;
  const reasons = data.reasons.map(seedReason);
  const { reverificationId, ...rest } = data;
  return {
    ...payload,
    data: {
      verificationId: reverificationId,
      ...rest,
      status: data.currentStatus,
      reasons,
      ...(payload.eventType === 'reverification.failed'
        ? {
            error: reasons[0]
              ? { code: reasons[0].code, message: reasons[0].description }
              : { code: 'reverify.provider_error', message: REASON_CODES.provider_error },
          }
        : {}),
    },
  };
}
