import type { AuditAction, Decision } from '@reverify/contract';
import type { Transaction } from 'kysely';
import type { AuditQueries, AuditRecord } from '../queries/audit.js';
import type { Database } from './schema.js';

/** {@link AuditQueries} on Kysely (the database refuses changes to the trail itself). */
export function auditQueries(db: Transaction<Database>): AuditQueries {
  return {
    async appendAudit(entry) {
      await db.insertInto('auditLog').values(entry).execute();
    },
    async listAudit(reverificationId) {
      const rows = await db
        .selectFrom('auditLog')
        .selectAll()
        .where('reverificationId', '=', reverificationId)
        .orderBy('id')
        .execute();
      return rows.map(
        (row): AuditRecord => ({
          ...row,
          action: row.action as AuditAction,
          previousDecision: row.previousDecision as Decision | null,
          decision: row.decision as Decision | null,
        }),
      );
    },
  };
}
