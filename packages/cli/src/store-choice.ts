import { join } from 'node:path';
import { createPostgresStore, createSqliteStore, type ReverifyStore } from '@reverify/server';

/** The `--database-url` flag's help line, shared by the server and `keys`. */
export const DATABASE_URL_USAGE = `--database-url <url>  PostgreSQL (postgres://…), for several instances on one
                        database; default $DATABASE_URL, else the SQLite file in <data-dir>`;

/**
 * The store the bin runs on: PostgreSQL at `databaseUrl` (the flag, else
 * `$DATABASE_URL`) when one is given, else the SQLite file
 * `<dataDir>/reverify.db`.
 */
export async function openStore(
  dataDir: string,
  databaseUrl: string | undefined,
): Promise<{ store: ReverifyStore; description: string }> {
  const url = databaseUrl || process.env.DATABASE_URL;
  if (url) {
    const { host, pathname } = new URL(url);
    return {
      store: await createPostgresStore({ connectionString: url }),
      description: `PostgreSQL ${host}${pathname}`,
    };
  }
  const filename = join(dataDir, 'reverify.db');
  return { store: await createSqliteStore({ filename }), description: `SQLite ${filename}` };
}
