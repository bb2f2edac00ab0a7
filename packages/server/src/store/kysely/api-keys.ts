import type { ApiKeyScope } from '@reverify/contract';
import type { Selectable, Transaction } from 'kysely';
import type { ApiKeyQueries, ApiKeyRecord } from '../queries/api-keys.js';
import { json } from './codec.js';
import type { Database } from './schema.js';

const fromRow = (row: Selectable<Database['apiKeys']>): ApiKeyRecord => ({
  ...row,
  scopes: json.decode<ApiKeyScope[]>(row.scopes),
});

const toRow = (record: ApiKeyRecord) => ({ ...record, scopes: json.encode(record.scopes) });

/** {@link ApiKeyQueries} on Kysely. */
export function apiKeyQueries(db: Transaction<Database>): ApiKeyQueries {
  const one = async (column: 'id' | 'hash', value: string) => {
    const row = await db
      .selectFrom('apiKeys')
      .selectAll()
      .where(column, '=', value)
      .executeTakeFirst();
    return row ? fromRow(row) : null;
  };
  return {
    async insertApiKey(record) {
      await db.insertInto('apiKeys').values(toRow(record)).execute();
    },
    getApiKey: (id) => one('id', id),
    findApiKeyByHash: (hash) => one('hash', hash),
    async listApiKeys() {
      const rows = await db
        .selectFrom('apiKeys')
        .selectAll()
        .orderBy('createdAt')
        .orderBy('id')
        .execute();
      return rows.map(fromRow);
    },
    async updateApiKey(record) {
      await db.updateTable('apiKeys').set(toRow(record)).where('id', '=', record.id).execute();
    },
  };
}
