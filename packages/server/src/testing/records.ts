import type { EnrollmentRecord, EventRecord, ReverificationRecord } from '../store/store.js';

/** A successful enrollment row for `referenceId`, for store tests. */
export function enrollmentRow(
  referenceId: string,
  patch: Partial<EnrollmentRecord> = {},
): EnrollmentRecord {
  return {
    id: `en_${referenceId}`,
    referenceId,
    status: 'success',
    provider: 'sandbox',
    providerEnrollmentId: null,
    failureReason: null,
    metadata: {},
    createdAt: '2026-01-01T00:00:00.000Z',
    updatedAt: '2026-01-01T00:00:00.000Z',
    ...patch,
  };
}

/** A pending reverification row with `id`, for store tests and benchmarks. */
export function reverificationRow(
  id: string,
  patch: Partial<ReverificationRecord> = {},
): ReverificationRecord {
  return {
    id,
    referenceId: 'ref-1',
    status: 'pending',
    decision: null,
    reasons: [],
    threshold: null,
    timeoutSeconds: 300,
    metadata: {},
    provider: 'sandbox',
    retryOf: null,
    sandboxOutcome: null,
    matchScore: null,
    livenessScore: null,
    providerReference: null,
    livenessPolicy: 'active',
    tier: 'ENHANCED',
    workflow: null,
    challenge: null,
    fixedChallengeMoves: null,
    steps: {
      match: { status: 'pending', score: null },
      liveness: { status: 'pending', score: null, method: null },
    },
    livenessReasons: [],
    pendingMatch: null,
    methodPolicy: [['selfie']],
    verifiedBy: [],
    createdAt: '2026-01-01T00:00:00.000Z',
    updatedAt: '2026-01-01T00:00:00.000Z',
    expiresAt: '2026-01-01T00:05:00.000Z',
    completedAt: null,
    purgeAfter: null,
    ...patch,
  };
}

/** A `pending` status event of `reverificationId` at `sequence`, for store tests. */
export function pendingEventRow(reverificationId: string, sequence = 1): EventRecord {
  return {
    sequence,
    type: 'reverification.status_changed',
    reverificationId,
    referenceId: 'ref-1',
    previousStatus: null,
    status: 'pending',
    decision: null,
    reasons: [],
    occurredAt: '2026-01-01T00:00:00.000Z',
  };
}
