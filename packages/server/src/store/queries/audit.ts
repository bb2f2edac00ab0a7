import type { AuditAction, Decision } from '@reverify/contract';

/** One audit entry; `id` is assigned by the store, in order. */
export interface AuditRecord {
  readonly id: number;
  readonly reverificationId: string;
  readonly referenceId: string;
  readonly action: AuditAction;
  readonly actor: string;
  readonly occurredAt: string;
  readonly previousDecision: Decision | null;
  readonly decision: Decision | null;
  readonly notes: string | null;
  readonly relatedReverificationId: string | null;
}

/** The append-only audit trail. */
export interface AuditQueries {
  /** Appends an audit entry (the store assigns its `id`); entries are never changed or removed. */
  appendAudit(entry: Omit<AuditRecord, 'id'>): Promise<void>;
  /** A reverification's audit trail, oldest first. */
  listAudit(reverificationId: string): Promise<AuditRecord[]>;
}
