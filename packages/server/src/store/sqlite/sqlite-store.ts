import { chmodSync, closeSync, existsSync, mkdirSync, openSync } from 'node:fs';
import { dirname } from 'node:path';
import Database from 'better-sqlite3';
import { CamelCasePlugin, Kysely, Migrator, SqliteDialect } from 'kysely';
import { migrationProvider } from '../kysely/migrations.js';
import type { CommitEffects, Database as Schema } from '../kysely/schema.js';
import { kyselyTransaction } from '../kysely/transaction.js';
import type { ReverifyStore } from '../store.js';
import { type Checkpointer, startCheckpointer } from './sqlite-checkpointer.js';

/** Options of {@link createSqliteStore}. */
export interface SqliteStoreOptions {
  /** Path of the database file (created with its folder), or `:memory:`. */
  readonly filename: string;
}

/**
 * Creates the database's folder (0700) and file (0600) when missing, and
 * makes an existing file and its WAL private: they hold selfies. SQLite
 * creates the `-wal` and `-shm` files with the database file's mode.
 */
function preparePrivateFile(filename: string): void {
  mkdirSync(dirname(filename), { recursive: true, mode: 0o700 });
  if (!existsSync(filename)) closeSync(openSync(filename, 'a', 0o600));
  for (const file of [filename, `${filename}-wal`, `${filename}-shm`]) {
    if (existsSync(file)) chmodSync(file, 0o600);
  }
}

/** The better-sqlite3 connection, tuned for the handler: WAL, secure delete, cached statements. */
function openConnection(filename: string) {
  const sqlite = new Database(filename);
  sqlite.pragma('journal_mode = WAL');
  // NORMAL in WAL mode survives a killed process (only an OS crash can lose the last commits).
  sqlite.pragma('synchronous = NORMAL');
  sqlite.pragma('foreign_keys = ON');
  sqlite.pragma('busy_timeout = 5000');
  // Freed pages and deleted cells are overwritten with zeros, so a NULL-ed selfie leaves no bytes behind.
  sqlite.pragma('secure_delete = ON');
  // Kysely prepares every query anew; the handler runs a small fixed set of
  // statements, so caching them by SQL text saves a parse per query.
  const statements = new Map<string, Database.Statement>();
  const database = {
    prepare(source: string) {
      let statement = statements.get(source);
      if (!statement) {
        if (statements.size >= 256) statements.clear();
        statement = sqlite.prepare(source);
        statements.set(source, statement);
      }
      return statement;
    },
    close: () => sqlite.close(),
  };
  return { sqlite, database };
}

/**
 * The embedded default store: one SQLite file in WAL mode (better-sqlite3)
 * behind the shared Kysely query layer, with versioned migrations applied
 * on open.
 *
 * Deleted biometric data is unrecoverable: `secure_delete` zeroes freed
 * content, and a transaction that deleted images or templates is followed,
 * before it resolves, by a TRUNCATE checkpoint that empties the WAL (which
 * still held the pages as they were). The file and its folder are private
 * to the process's user.
 */
export async function createSqliteStore(options: SqliteStoreOptions): Promise<ReverifyStore> {
  const inMemory = options.filename === ':memory:';
  if (!inMemory) preparePrivateFile(options.filename);
  const { sqlite, database } = openConnection(options.filename);
  const plain = new Kysely<Schema>({ dialect: new SqliteDialect({ database }) });
  const { error, results } = await new Migrator({
    db: plain,
    provider: migrationProvider('sqlite'),
  }).migrateToLatest();
  if (error) {
    await plain.destroy();
    const failed = results?.find((r) => r.status === 'Error')?.migrationName ?? 'unknown';
    throw new Error(`SQLite migration ${failed} failed`, { cause: error });
  }
  const db = plain.withPlugin(new CamelCasePlugin());
  let checkpointer: Checkpointer | undefined;
  if (!inMemory) {
    sqlite.pragma('wal_autocheckpoint = 0');
    checkpointer = startCheckpointer(options.filename, () => {
      sqlite.pragma('wal_autocheckpoint = 1000');
    });
  }
  // Set when a scrub failed; later commits try again until the WAL is empty.
  let scrubPending = false;
  const scrub = async () => {
    if (!checkpointer) return;
    scrubPending = true;
    try {
      await checkpointer.truncate();
    } catch {
      // The worker is gone or busy: do it on this connection (blocks the event loop briefly).
      const [row] = sqlite.pragma('wal_checkpoint(TRUNCATE)') as { busy: number }[];
      if (row?.busy !== 0) throw new Error('deleted biometric data is still in the SQLite WAL');
    }
    scrubPending = false;
  };
  return {
    async transaction(work) {
      const effects: CommitEffects = { erasedBiometrics: false, eventsOf: new Set() };
      const result = await db
        .transaction()
        .execute((trx) => work(kyselyTransaction(trx, effects, 'sqlite')));
      if (effects.erasedBiometrics) await scrub();
      // An earlier scrub failed: retry it, but do not fail unrelated work over it.
      else if (scrubPending) await scrub().catch(() => undefined);
      return result;
    },
    async close() {
      await checkpointer?.stop();
      sqlite.pragma('wal_checkpoint(TRUNCATE)');
      await plain.destroy();
    },
  };
}
