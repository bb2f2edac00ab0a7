import type { Selectable, Transaction } from 'kysely';
import type {
  BatchItemRecord,
  BatchJobRecord,
  BatchOptions,
  BatchQueries,
  BatchReportRecord,
} from '../queries/batches.js';
import { json } from './codec.js';
import type { SqlDialect } from './migrations.js';
import type { Database } from './schema.js';

/** Items go in chunks of this many rows: SQLite caps the bound parameters of one statement. */
const INSERT_CHUNK = 500;

function batchFromRow(row: Selectable<Database['batches']>): BatchJobRecord {
  return {
    ...row,
    status: row.status as BatchJobRecord['status'],
    options: json.decode<BatchOptions>(row.options),
    reportStatus: row.reportStatus as BatchJobRecord['reportStatus'],
  };
}

const batchRow = (batch: BatchJobRecord) => ({ ...batch, options: json.encode(batch.options) });

function itemFromRow(row: Selectable<Database['batchItems']>): BatchItemRecord {
  return {
    ...row,
    status: row.status as BatchItemRecord['status'],
    messageChannel: row.messageChannel as BatchItemRecord['messageChannel'],
  };
}

const reportFromRow = (row: Selectable<Database['batchReports']>): BatchReportRecord => ({
  ...row,
  status: row.status as BatchReportRecord['status'],
});

/** {@link BatchQueries} on Kysely; on PostgreSQL, claims skip the rows another instance is claiming. */
export function batchQueries(db: Transaction<Database>, dialect: SqlDialect): BatchQueries {
  return {
    async insertBatch(batch, items) {
      await db.insertInto('batches').values(batchRow(batch)).execute();
      for (let start = 0; start < items.length; start += INSERT_CHUNK) {
        await db
          .insertInto('batchItems')
          .values(items.slice(start, start + INSERT_CHUNK).map((item) => ({ ...item })))
          .execute();
      }
    },
    async getBatch(id) {
      const row = await db
        .selectFrom('batches')
        .selectAll()
        .where('id', '=', id)
        .executeTakeFirst();
      return row ? batchFromRow(row) : null;
    },
    async updateBatch(batch) {
      await db.updateTable('batches').set(batchRow(batch)).where('id', '=', batch.id).execute();
    },
    async listUnfinishedBatches() {
      const rows = await db
        .selectFrom('batches')
        .selectAll()
        .where('status', '!=', 'completed')
        .orderBy('createdAt')
        .execute();
      return rows.map(batchFromRow);
    },
    async listBatchItems(batchId, limit) {
      const rows = await db
        .selectFrom('batchItems')
        .selectAll()
        .where('batchId', '=', batchId)
        .orderBy('row')
        .limit(limit)
        .execute();
      return rows.map(itemFromRow);
    },
    async getBatchItem(batchId, row) {
      const found = await db
        .selectFrom('batchItems')
        .selectAll()
        .where('batchId', '=', batchId)
        .where('row', '=', row)
        .executeTakeFirst();
      return found ? itemFromRow(found) : null;
    },
    async claimBatchItems(batchId, now, leaseUntil, limit) {
      let query = db
        .selectFrom('batchItems')
        .selectAll()
        .where('batchId', '=', batchId)
        .where('status', '=', 'pending')
        .where((eb) => eb.or([eb('leaseUntil', 'is', null), eb('leaseUntil', '<=', now)]))
        .orderBy('row')
        .limit(limit);
      if (dialect === 'postgres') query = query.forUpdate().skipLocked();
      const rows = await query.execute();
      if (rows.length === 0) return [];
      await db
        .updateTable('batchItems')
        .set({ leaseUntil })
        .where('batchId', '=', batchId)
        .where(
          'row',
          'in',
          rows.map((r) => r.row),
        )
        .execute();
      return rows.map((r) => itemFromRow({ ...r, leaseUntil }));
    },
    async updateBatchItem(item) {
      await db
        .updateTable('batchItems')
        .set({ ...item })
        .where('batchId', '=', item.batchId)
        .where('row', '=', item.row)
        .execute();
    },
    async insertReport(report) {
      await db
        .insertInto('batchReports')
        .values({ ...report })
        .execute();
    },
    async getReport(id) {
      const row = await db
        .selectFrom('batchReports')
        .selectAll()
        .where('id', '=', id)
        .executeTakeFirst();
      return row ? reportFromRow(row) : null;
    },
    async updateReport(report) {
      await db
        .updateTable('batchReports')
        .set({ ...report })
        .where('id', '=', report.id)
        .execute();
    },
    async listPendingReports(batchId) {
      let query = db.selectFrom('batchReports').selectAll().where('status', '=', 'PENDING');
      if (batchId !== undefined) query = query.where('batchId', '=', batchId);
      return (await query.orderBy('createdAt').orderBy('id').execute()).map(reportFromRow);
    },
  };
}
