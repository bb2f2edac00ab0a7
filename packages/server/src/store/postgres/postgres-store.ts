import { randomUUID } from 'node:crypto';
import { CamelCasePlugin, Kysely, Migrator, PostgresDialect, sql } from 'kysely';
import pg from 'pg';
import { RateLimiterPostgres } from 'rate-limiter-flexible';
import { migrationProvider, RATE_LIMITS_TABLE } from '../kysely/migrations.js';
import type { CommitEffects, Database as Schema } from '../kysely/schema.js';
import { kyselyTransaction } from '../kysely/transaction.js';
import type { ReverifyStore, StoreTransaction } from '../store.js';
import { EVENTS_CHANNEL, eventNotice, watchEventChannel } from './event-watch.js';

/** Options of {@link createPostgresStore}: a connection string, or your own `pg` pool. */
export type PostgresStoreOptions =
  | {
      /** e.g. `postgres://user:password@host:5432/reverify` (`DATABASE_URL`). */
      readonly connectionString: string;
      /** Connections in the pool. Default 10. */
      readonly poolSize?: number;
    }
  | {
      /** A pool you made and close yourself. */
      readonly pool: pg.Pool;
    };

/** SQLSTATEs after which a transaction is simply run again: serialization failure, deadlock. */
const RETRYABLE = new Set(['40001', '40P01']);
/**
 * Attempts of one transaction. Serialization failures come in bursts under
 * load (and on small tables, whose index pages every transaction shares),
 * so the waits between attempts grow: full jitter over 2^attempt ms, at
 * most 250 ms; the 30 attempts span a few seconds at worst.
 */
const MAX_ATTEMPTS = 30;
const backoffMs = (attempt: number) => Math.random() * Math.min(250, 2 ** attempt);

// int8 (COUNT(*)) as numbers: every count the store reads fits in 2^53.
pg.types.setTypeParser(pg.types.builtins.INT8, (value) => Number(value));

/** The connection settings of a pool the caller made, for the listening connection. */
const poolConfig = (pool: pg.Pool): pg.ClientConfig =>
  (pool as unknown as { options: pg.ClientConfig }).options;

/** The tables holding images, clips and templates: vacuumed after each erasure. */
const BIOMETRIC_TABLES = [
  'reference_images',
  'captures',
  'capture_keyframes',
  'capture_clips',
  'provider_templates',
] as const;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * The store on PostgreSQL, for several handler instances on one database:
 * the same Kysely queries as the SQLite store, versioned migrations applied
 * on start-up (Kysely's Migrator holds a PostgreSQL advisory lock, so
 * instances starting together apply each one once), and every transaction
 * `SERIALIZABLE`, run again after a serialization failure or a deadlock,
 * so concurrent transactions on any instances behave as if one ran after
 * the other.
 *
 * After a transaction that erased images, clips or templates, their tables
 * are vacuumed at once; freed space is still not zeroed (PostgreSQL's
 * design), see the server README's privacy section.
 */
export async function createPostgresStore(options: PostgresStoreOptions): Promise<ReverifyStore> {
  const ownPool = 'connectionString' in options;
  const pool = ownPool
    ? new pg.Pool({ connectionString: options.connectionString, max: options.poolSize ?? 10 })
    : options.pool;
  const plain = new Kysely<Schema>({ dialect: new PostgresDialect({ pool }) });
  const { error, results } = await new Migrator({
    db: plain,
    provider: migrationProvider('postgres'),
  }).migrateToLatest();
  if (error) {
    if (ownPool) await plain.destroy();
    const failed = results?.find((r) => r.status === 'Error')?.migrationName ?? 'unknown';
    throw new Error(`PostgreSQL migration ${failed} failed`, { cause: error });
  }
  const db = plain.withPlugin(new CamelCasePlugin());
  /** This store's id in its notices, so its own watch skips them. */
  const self = randomUUID();
  // Deleted rows stay in their pages until a vacuum; after an erasure it runs at
  // once (outside any transaction, as VACUUM must), not when autovacuum gets to it.
  const vacuumBiometrics = async () => {
    for (const table of BIOMETRIC_TABLES) await sql`vacuum ${sql.table(table)}`.execute(plain);
  };
  /** Runs `work` once in a SERIALIZABLE transaction, announcing its events at commit. */
  const attempt = <T>(work: (tx: StoreTransaction) => Promise<T>, effects: CommitEffects) =>
    db
      .transaction()
      .setIsolationLevel('serializable')
      .execute(async (trx) => {
        const result = await work(kyselyTransaction(trx, effects, 'postgres'));
        // Announced at commit to the other instances (this one publishes its own).
        for (const id of effects.eventsOf) {
          await sql`select pg_notify(${EVENTS_CHANNEL}, ${eventNotice(self, id)})`.execute(trx);
        }
        return result;
      });
  return {
    async transaction(work) {
      for (let attempts = 1; ; attempts++) {
        const effects: CommitEffects = { erasedBiometrics: false, eventsOf: new Set() };
        let result: Awaited<ReturnType<typeof work>>;
        try {
          result = await attempt(work, effects);
        } catch (error) {
          const code = (error as { code?: unknown }).code;
          if (attempts >= MAX_ATTEMPTS || typeof code !== 'string' || !RETRYABLE.has(code)) {
            throw error;
          }
          await sleep(backoffMs(attempts));
          continue;
        }
        // After the commit, outside the retries: a failing vacuum must not run the work again.
        if (effects.erasedBiometrics) await vacuumBiometrics();
        return result;
      }
    },
    rateLimiter: (limiter) =>
      new RateLimiterPostgres({
        ...limiter,
        storeClient: pool,
        storeType: 'pool',
        tableName: RATE_LIMITS_TABLE,
        // Made by migration 0010, under the migrations' lock: instances starting together do not race.
        tableCreated: true,
      }),
    watchEvents: (onEvents) =>
      watchEventChannel(
        ownPool ? { connectionString: options.connectionString } : poolConfig(options.pool),
        self,
        onEvents,
      ),
    async close() {
      if (ownPool) await plain.destroy();
    },
  };
}
