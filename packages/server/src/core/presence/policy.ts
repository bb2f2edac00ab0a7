import type { Decision, LivenessPolicy, ReasonCode, StepStatus, Steps } from '@reverify/contract';
import type { PendingMatch } from '../../store/queries/reverifications.js';

/** How a liveness finding was reached. */
export type LivenessMethod = NonNullable<Steps['liveness']['method']>;

/** What one liveness check found (the active challenge, or a provider's own check). */
export interface LivenessFinding {
  readonly status: Exclude<StepStatus, 'pending'>;
  readonly score: number | null;
  readonly method: LivenessMethod | null;
  readonly reasons: readonly ReasonCode[];
}

/** The reason codes that belong to the liveness step rather than to the match. */
export const LIVENESS_REASONS: ReadonlySet<ReasonCode> = new Set<ReasonCode>([
  'liveness_passed',
  'liveness_failed',
  'liveness_not_checked',
  'liveness_uncertain',
  'challenge_incomplete',
  'face_changed',
  'camera_suspicious',
]);

/** What a provider's own reasons say about liveness (Truora's passive liveness, VECU's `id.liveness.*`), or `null`. */
export function providerLivenessFinding(
  reasons: readonly ReasonCode[],
  score: number | null,
  method: LivenessMethod = 'provider',
): LivenessFinding | null {
  if (reasons.includes('liveness_failed'))
    return { status: 'failed', score, method, reasons: ['liveness_failed'] };
  if (reasons.includes('liveness_uncertain'))
    return { status: 'review', score, method, reasons: ['liveness_uncertain'] };
  if (reasons.includes('liveness_passed'))
    return { status: 'passed', score, method, reasons: ['liveness_passed'] };
  return null;
}

const SEVERITY: Record<LivenessFinding['status'], number> = {
  failed: 3,
  review: 2,
  passed: 1,
  skipped: 0,
};

/** The stricter of two findings (failed, then review, then passed); their reasons together. */
export function stricterFinding(a: LivenessFinding, b: LivenessFinding | null): LivenessFinding {
  if (!b) return a;
  const [worse, other] = SEVERITY[b.status] > SEVERITY[a.status] ? [b, a] : [a, b];
  return { ...worse, reasons: [...new Set([...worse.reasons, ...other.reasons])] };
}

const NOT_CHECKED = (method: LivenessMethod | null): LivenessFinding => ({
  status: 'review',
  score: null,
  method,
  reasons: ['liveness_not_checked'],
});

/**
 * The liveness step a policy arrives at (pure):
 * - `off`: skipped (`liveness_not_checked`);
 * - `passive`: the provider's own check; without one, review;
 * - `active`: the challenge's verification, made stricter by the provider's
 *   own check when it has one; without a verification, review.
 * An unchecked liveness never approves under `passive` or `active`.
 */
export function livenessForPolicy(
  policy: LivenessPolicy,
  findings: { readonly active: LivenessFinding | null; readonly provider: LivenessFinding | null },
): LivenessFinding {
  switch (policy) {
    case 'off':
      return { status: 'skipped', score: null, method: null, reasons: ['liveness_not_checked'] };
    case 'passive':
      return findings.provider ?? NOT_CHECKED('provider');
    case 'active':
      return stricterFinding(findings.active ?? NOT_CHECKED('active'), findings.provider);
  }
}

const MATCH_STEP: Record<Decision, StepStatus> = {
  approved: 'passed',
  rejected: 'failed',
  manual_review: 'review',
};

/**
 * The decision of a reverification from its match and its liveness step
 * (pure): a rejected match or a failed liveness check rejects; a match or
 * a liveness step in review sends it to manual review; otherwise the
 * match's approval stands. The reasons are the match's own plus the
 * liveness step's, and the steps record both.
 */
export function decideWithLiveness(
  match: PendingMatch,
  liveness: LivenessFinding,
): { decision: Decision; reasons: ReasonCode[]; steps: Steps } {
  const decision: Decision =
    match.decision === 'rejected' || liveness.status === 'failed'
      ? 'rejected'
      : match.decision === 'manual_review' || liveness.status === 'review'
        ? 'manual_review'
        : 'approved';
  const reasons = [
    ...new Set([
      ...match.reasons.filter((reason) => !LIVENESS_REASONS.has(reason)),
      ...liveness.reasons,
    ]),
  ];
  return {
    decision,
    reasons,
    steps: {
      match: { status: MATCH_STEP[match.decision], score: match.matchScore },
      liveness: { status: liveness.status, score: liveness.score, method: liveness.method },
    },
  };
}
