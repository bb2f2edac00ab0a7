import type { WebhookEventType } from '@reverify/contract';
import type { Selectable, Transaction } from 'kysely';
import {
  type DeliveryQueries,
  type DeliveryRecord,
  type DeliveryStatus,
  deliveryProgress,
} from '../queries/deliveries.js';
import type { SqlDialect } from './migrations.js';
import type { Database } from './schema.js';

function deliveryFromRow(row: Selectable<Database['webhookDeliveries']>): DeliveryRecord {
  return {
    ...row,
    eventType: row.eventType as WebhookEventType,
    status: row.status as DeliveryStatus,
  };
}

/**
 * {@link DeliveryQueries} on Kysely. On PostgreSQL the due deliveries are
 * claimed `FOR UPDATE SKIP LOCKED`: a dispatcher on another instance
 * claiming at the same moment takes other rows instead of waiting or
 * failing. (SQLite has one writer at a time; it needs no row locks.)
 */
export function deliveryQueries(db: Transaction<Database>, dialect: SqlDialect): DeliveryQueries {
  return {
    async insertDeliveries(records) {
      if (records.length === 0) return;
      await db
        .insertInto('webhookDeliveries')
        .values(records.map((record) => ({ ...record })))
        .execute();
    },
    async dueDeliveries(now, limit, excludeEndpoints) {
      let query = db
        .selectFrom('webhookDeliveries as d')
        .selectAll('d')
        .where('d.status', '=', 'pending')
        .where('d.nextAttemptAt', '<=', now)
        .where(({ not, exists, selectFrom }) =>
          not(
            exists(
              selectFrom('webhookDeliveries as e')
                .select('e.id')
                .whereRef('e.endpointId', '=', 'd.endpointId')
                .whereRef('e.reverificationId', '=', 'd.reverificationId')
                .where('e.status', '=', 'pending')
                .whereRef('e.sequence', '<', 'd.sequence'),
            ),
          ),
        );
      if (excludeEndpoints.length > 0)
        query = query.where('d.endpointId', 'not in', excludeEndpoints);
      query = query.orderBy('d.nextAttemptAt').orderBy('d.createdAt').limit(limit);
      if (dialect === 'postgres') query = query.forUpdate('d').skipLocked();
      const rows = await query.execute();
      return rows.map(deliveryFromRow);
    },
    async updateDelivery(record) {
      const result = await db
        .updateTable('webhookDeliveries')
        .set(deliveryProgress(record))
        .where('id', '=', record.id)
        .executeTakeFirst();
      if (result.numUpdatedRows !== 1n) throw new Error(`unknown delivery ${record.id}`);
    },
    async listDeliveries(filter) {
      let query = db.selectFrom('webhookDeliveries').selectAll();
      if (filter.status) query = query.where('status', '=', filter.status);
      if (filter.endpointId) query = query.where('endpointId', '=', filter.endpointId);
      if (filter.eventId) query = query.where('eventId', '=', filter.eventId);
      const rows = await query
        .orderBy('createdAt')
        .orderBy('sequence')
        .limit(filter.limit)
        .execute();
      return rows.map(deliveryFromRow);
    },
    async countDeliveries(endpointId) {
      const rows = await db
        .selectFrom('webhookDeliveries')
        .select(['status', (eb) => eb.fn.countAll<number>().as('count')])
        .where('endpointId', '=', endpointId)
        .where('status', 'in', ['pending', 'dead'])
        .groupBy('status')
        .execute();
      const count = (status: string) => Number(rows.find((r) => r.status === status)?.count ?? 0);
      return { pending: count('pending'), dead: count('dead') };
    },
    async getEndpointState(id) {
      const row = await db
        .selectFrom('webhookEndpoints')
        .selectAll()
        .where('id', '=', id)
        .executeTakeFirst();
      return row ?? null;
    },
    async putEndpointState(record) {
      const row = { ...record };
      await db
        .insertInto('webhookEndpoints')
        .values(row)
        .onConflict((oc) => oc.column('id').doUpdateSet(row))
        .execute();
    },
  };
}
