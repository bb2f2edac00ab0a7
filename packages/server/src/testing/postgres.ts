import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { inject } from 'vitest';

declare module 'vitest' {
  export interface ProvidedContext {
    /** The throwaway cluster of scripts/vitest-postgres.mjs. */
    postgresUrl: string;
  }
}

/**
 * A new, empty database on the test run's throwaway PostgreSQL cluster, as
 * a connection string: each store under test gets its own.
 */
export async function freshPostgresDatabase(): Promise<string> {
  const base = inject('postgresUrl');
  const name = `t_${randomBytes(8).toString('hex')}`;
  const admin = new pg.Client({ connectionString: base });
  await admin.connect();
  try {
    await admin.query(`CREATE DATABASE ${name}`);
  } finally {
    await admin.end();
  }
  const url = new URL(base);
  url.pathname = `/${name}`;
  return url.href;
}
