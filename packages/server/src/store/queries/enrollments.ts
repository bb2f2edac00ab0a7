import type { EnrollmentStatus, Metadata, ReasonCode } from '@reverify/contract';

/** An enrollment row. Timestamps are ISO-8601 UTC strings. */
export interface EnrollmentRecord {
  readonly id: string;
  readonly referenceId: string;
  readonly status: EnrollmentStatus;
  readonly provider: string;
  readonly providerEnrollmentId: string | null;
  readonly failureReason: ReasonCode | null;
  readonly metadata: Metadata;
  readonly createdAt: string;
  readonly updatedAt: string;
}

/** Enrollments: who may be reverified. */
export interface EnrollmentQueries {
  getEnrollment(id: string): Promise<EnrollmentRecord | null>;
  getEnrollmentByReference(referenceId: string): Promise<EnrollmentRecord | null>;
  /** Inserts, or replaces the row with the same id. */
  putEnrollment(record: EnrollmentRecord): Promise<void>;
}
