import type { Transaction } from 'kysely';
import type { TokenQueries, TokenScope } from '../queries/tokens.js';
import type { Database } from './schema.js';

/** {@link TokenQueries} on Kysely. */
export function tokenQueries(db: Transaction<Database>): TokenQueries {
  return {
    async insertToken(record) {
      await db.insertInto('tokens').values(record).execute();
    },
    async getToken(hash) {
      const row = await db
        .selectFrom('tokens')
        .selectAll()
        .where('hash', '=', hash)
        .executeTakeFirst();
      return row ? { ...row, scope: row.scope as TokenScope } : null;
    },
    async markTokenUsed(hash, at) {
      const result = await db
        .updateTable('tokens')
        .set({ usedAt: at })
        .where('hash', '=', hash)
        .where('usedAt', 'is', null)
        .executeTakeFirst();
      return result.numUpdatedRows === 1n;
    },
    async spendTokens(reverificationId, scope, at) {
      await db
        .updateTable('tokens')
        .set({ usedAt: at })
        .where('reverificationId', '=', reverificationId)
        .where('scope', '=', scope)
        .where('usedAt', 'is', null)
        .execute();
    },
  };
}
