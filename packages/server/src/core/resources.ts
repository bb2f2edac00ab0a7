import {
  type AuditEntry,
  type Enrollment,
  formatMethodPolicy,
  type Reverification,
  type ReverificationDetails,
} from '@reverify/contract';
import type { EnrolledPerson } from '../plugin/provider.js';
import type { AuditRecord } from '../store/queries/audit.js';
import type { EnrollmentRecord } from '../store/queries/enrollments.js';
import type { ReverificationRecord } from '../store/queries/reverifications.js';
import type { StoreTransaction } from '../store/store.js';

/** The API resource of a stored enrollment. */
export function enrollmentResource(record: EnrollmentRecord): Enrollment {
  return { ...record };
}

/** The API form of an audit record. */
export function auditEntryResource(record: AuditRecord): AuditEntry {
  return { ...record };
}

/** What a provider sees of a stored enrollment. */
export function enrolledPerson(record: EnrollmentRecord): EnrolledPerson {
  return {
    referenceId: record.referenceId,
    providerEnrollmentId: record.providerEnrollmentId,
    enrolledAt: record.updatedAt,
  };
}

/** The API resource of a stored reverification; `details` only when given. */
export function reverificationResource(
  record: ReverificationRecord,
  details: ReverificationDetails | null = null,
): Reverification {
  const resource: Reverification = {
    id: record.id,
    referenceId: record.referenceId,
    status: record.status,
    decision: record.decision,
    reasons: [...record.reasons],
    threshold: record.threshold,
    timeoutSeconds: record.timeoutSeconds,
    metadata: record.metadata,
    provider: record.provider,
    retryOf: record.retryOf,
    livenessPolicy: record.livenessPolicy,
    tier: record.tier,
    workflow: record.workflow,
    steps: record.steps,
    methods: formatMethodPolicy(record.methodPolicy),
    verifiedBy: [...record.verifiedBy],
    createdAt: record.createdAt,
    updatedAt: record.updatedAt,
    expiresAt: record.expiresAt,
    completedAt: record.completedAt,
  };
  if (details) resource.details = details;
  return resource;
}

/** The scores, provider ids, capture time and review behind a reverification (`?details=true`). */
export async function reverificationDetails(
  tx: StoreTransaction,
  record: ReverificationRecord,
): Promise<ReverificationDetails> {
  const [enrollment, capture, audit] = await Promise.all([
    tx.getEnrollmentByReference(record.referenceId),
    tx.getCaptureByReverification(record.id),
    tx.listAudit(record.id),
  ]);
  const review = audit.findLast((entry) => entry.action === 'review_decided');
  return {
    matchScore: record.matchScore,
    livenessScore: record.livenessScore,
    providerReference: record.providerReference,
    providerEnrollmentId: enrollment?.providerEnrollmentId ?? null,
    capturedAt: capture?.createdAt ?? null,
    review: review
      ? { reviewedBy: review.actor, reviewedAt: review.occurredAt, reviewNotes: review.notes }
      : null,
  };
}
