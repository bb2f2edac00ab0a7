import type { EnrollmentStatus, Metadata, ReasonCode } from '@reverify/contract';
import type { Selectable, Transaction } from 'kysely';
import type { EnrollmentQueries, EnrollmentRecord } from '../queries/enrollments.js';
import { json } from './codec.js';
import type { Database } from './schema.js';

function enrollmentFromRow(row: Selectable<Database['enrollments']>): EnrollmentRecord {
  return {
    ...row,
    status: row.status as EnrollmentStatus,
    failureReason: row.failureReason as ReasonCode | null,
    metadata: json.decode<Metadata>(row.metadata),
  };
}

/** {@link EnrollmentQueries} on Kysely. */
export function enrollmentQueries(db: Transaction<Database>): EnrollmentQueries {
  return {
    async getEnrollment(id) {
      const row = await db
        .selectFrom('enrollments')
        .selectAll()
        .where('id', '=', id)
        .executeTakeFirst();
      return row ? enrollmentFromRow(row) : null;
    },
    async getEnrollmentByReference(referenceId) {
      const row = await db
        .selectFrom('enrollments')
        .selectAll()
        .where('referenceId', '=', referenceId)
        .executeTakeFirst();
      return row ? enrollmentFromRow(row) : null;
    },
    async putEnrollment(record) {
      const row = { ...record, metadata: json.encode(record.metadata) };
      await db
        .insertInto('enrollments')
        .values(row)
        .onConflict((oc) => oc.column('id').doUpdateSet(row))
        .execute();
    },
  };
}
