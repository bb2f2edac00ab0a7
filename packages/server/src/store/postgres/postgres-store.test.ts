import pg from 'pg';
import { describe, expect, it } from 'vitest';
import { freshPostgresDatabase } from '../../testing/postgres.js';
import { enrollmentRow, pendingEventRow, reverificationRow } from '../../testing/records.js';
import type { EnrollmentRecord } from '../store.js';
import { describeStoreConformance, MIGRATION_NAMES } from '../store-conformance.test-helper.js';
import { createPostgresStore } from './postgres-store.js';

describeStoreConformance('postgres', async () =>
  createPostgresStore({ connectionString: await freshPostgresDatabase() }),
);

describe('postgres store', () => {
  it('migrates once when several instances start together, under its advisory lock', async () => {
    const connectionString = await freshPostgresDatabase();
    const stores = await Promise.all(
      Array.from({ length: 4 }, () => createPostgresStore({ connectionString })),
    );
    const client = new pg.Client({ connectionString });
    await client.connect();
    try {
      const { rows } = await client.query('select name from kysely_migration order by name');
      expect(rows.map((r) => r.name)).toEqual(MIGRATION_NAMES);
      // The audit trail is append-only in PostgreSQL too.
      await client.query(
        `insert into audit_log (reverification_id, reference_id, action, actor, occurred_at)
         values ('rv_1', 'ref-1', 'created', 'api', '2026-01-01T00:00:00.000Z')`,
      );
      await expect(client.query('update audit_log set actor = $1', ['x'])).rejects.toThrow(
        /append-only/,
      );
      await expect(client.query('delete from audit_log')).rejects.toThrow(/append-only/);
    } finally {
      await client.end();
      for (const store of stores) await store.close();
    }
  });

  it('runs a transaction again after a serialization failure, with none of its writes twice', async () => {
    const store = await createPostgresStore({ connectionString: await freshPostgresDatabase() });
    try {
      await store.transaction((tx) => tx.putEnrollment(enrollmentRow('counter')));
      let runs = 0;
      // Twenty read-modify-write transactions at once: SERIALIZABLE makes some fail, and they run again.
      await Promise.all(
        Array.from({ length: 20 }, () =>
          store.transaction(async (tx) => {
            runs++;
            const current = await tx.getEnrollmentByReference('counter');
            await new Promise((resolve) => setTimeout(resolve, 2));
            const count = Number(current?.metadata.count ?? 0) + 1;
            await tx.putEnrollment({ ...(current as EnrollmentRecord), metadata: { count } });
          }),
        ),
      );
      const final = await store.transaction((tx) => tx.getEnrollmentByReference('counter'));
      expect(final?.metadata.count).toBe(20);
      expect(runs).toBeGreaterThan(20);
    } finally {
      await store.close();
    }
  });

  it('lets one transaction at a time hold a named lock, across pools, until it ends', async () => {
    const connectionString = await freshPostgresDatabase();
    const [a, b] = [
      await createPostgresStore({ connectionString }),
      await createPostgresStore({ connectionString }),
    ];
    try {
      let release: () => void = () => undefined;
      const held = new Promise<void>((resolve) => {
        release = resolve;
      });
      let taken: () => void = () => undefined;
      const isTaken = new Promise<void>((resolve) => {
        taken = resolve;
      });
      const holder = a.transaction(async (tx) => {
        const got = await tx.tryLock('reverify.test');
        taken();
        await held;
        return got;
      });
      await isTaken;
      expect(await b.transaction((tx) => tx.tryLock('reverify.test'))).toBe(false);
      expect(await b.transaction((tx) => tx.tryLock('reverify.other'))).toBe(true);
      release();
      expect(await holder).toBe(true);
      // Released at commit.
      expect(await b.transaction((tx) => tx.tryLock('reverify.test'))).toBe(true);
    } finally {
      await a.close();
      await b.close();
    }
  });

  it("hears the events other stores commit, not its own, and asks for 'all' after its connection is cut", async () => {
    const connectionString = await freshPostgresDatabase();
    const [a, b] = [
      await createPostgresStore({ connectionString }),
      await createPostgresStore({ connectionString }),
    ];
    const heard: (readonly string[] | 'all')[] = [];
    const stop = await (a.watchEvents as NonNullable<typeof a.watchEvents>)((ids) =>
      heard.push(ids),
    );
    const commitEvent = (store: typeof a, id: string) =>
      store.transaction(async (tx) => {
        await tx.insertReverification(reverificationRow(id));
        await tx.appendEvent(pendingEventRow(id));
      });
    try {
      await commitEvent(a, 'rv_own');
      await commitEvent(b, 'rv_other');
      await expect.poll(() => heard).toEqual([['rv_other']]);
      // Cut the listening connection: notices sent meanwhile are lost, so it asks for everything.
      const admin = new pg.Client({ connectionString });
      await admin.connect();
      await admin.query(
        `select pg_terminate_backend(pid) from pg_stat_activity
         where datname = current_database() and query like 'LISTEN%'`,
      );
      await admin.end();
      await expect.poll(() => heard.at(-1), { timeout: 5000 }).toBe('all');
    } finally {
      await stop();
      await a.close();
      await b.close();
    }
  });
});
