import { sql, type Transaction } from 'kysely';
import type { LockQueries } from '../queries/locks.js';
import type { SqlDialect } from './migrations.js';
import type { Database } from './schema.js';

/**
 * {@link LockQueries} on Kysely: a transaction-scoped advisory lock on
 * PostgreSQL (keyed by the name's `hashtext`); on SQLite, whose writers
 * take turns, the transaction itself is the lock.
 */
export function lockQueries(db: Transaction<Database>, dialect: SqlDialect): LockQueries {
  return {
    async tryLock(name) {
      if (dialect === 'sqlite') return true;
      const { rows } = await sql<{
        locked: boolean;
      }>`select pg_try_advisory_xact_lock(hashtext(${name})) as locked`.execute(db);
      return rows[0]?.locked === true;
    },
  };
}
