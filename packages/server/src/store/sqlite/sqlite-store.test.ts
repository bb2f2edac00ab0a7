import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { enrollmentRow } from '../../testing/records.js';
import { describeStoreConformance, MIGRATION_NAMES } from '../store-conformance.test-helper.js';
import { createSqliteStore } from './sqlite-store.js';

const dir = mkdtempSync(join(tmpdir(), 'reverify-sqlite-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
let n = 0;

describeStoreConformance('sqlite', () => createSqliteStore({ filename: join(dir, `t${++n}.db`) }));

describe('sqlite store file', () => {
  it('uses WAL, records its migrations and keeps data across reopen', async () => {
    const filename = join(dir, 'reopen.db');
    const first = await createSqliteStore({ filename });
    await first.transaction((tx) => tx.putEnrollment(enrollmentRow('ref-1', { id: 'en_1' })));
    await first.close();
    const second = await createSqliteStore({ filename });
    expect((await second.transaction((tx) => tx.getEnrollmentByReference('ref-1')))?.id).toBe(
      'en_1',
    );
    await second.close();
    const raw = new Database(filename, { readonly: true });
    expect(raw.pragma('journal_mode', { simple: true })).toBe('wal');
    const migrations = raw.prepare('select name from kysely_migration').all() as { name: string }[];
    expect(migrations.map((m) => m.name)).toEqual(MIGRATION_NAMES);
    raw.close();
  });

  it('updates and deletes a reverification without scanning any child table', async () => {
    const filename = join(dir, 'plans.db');
    await (await createSqliteStore({ filename })).close();
    const raw = new Database(filename);
    raw.pragma('foreign_keys = ON');
    const plan = (statement: string) =>
      (raw.prepare(`explain query plan ${statement}`).all() as { detail: string }[]).map(
        (row) => row.detail,
      );
    // What updateReverification writes: state columns, never the key its children reference.
    expect(
      plan("update reverifications set status = 'x', updated_at = 'y' where id = 'rv'"),
    ).toEqual([expect.stringMatching(/^SEARCH reverifications USING INDEX/)]);
    // A purge's cascade finds each child by index (tokens had none).
    const purge = plan("delete from reverifications where id = 'rv'");
    expect(purge.filter((detail) => detail.startsWith('SCAN'))).toEqual([]);
    expect(purge).toContainEqual(
      expect.stringMatching(/tokens USING (COVERING )?INDEX tokens_by_reverification \(/),
    );
    raw.close();
  });

  it('refuses to change or delete audit entries, at the database level', async () => {
    const filename = join(dir, 'audit.db');
    const store = await createSqliteStore({ filename });
    await store.transaction((tx) =>
      tx.appendAudit({
        reverificationId: 'rv_1',
        referenceId: 'ref-1',
        action: 'review_decided',
        actor: 'ops',
        occurredAt: '2026-01-01T00:00:00.000Z',
        previousDecision: 'manual_review',
        decision: 'approved',
        notes: null,
        relatedReverificationId: null,
      }),
    );
    await store.close();
    const raw = new Database(filename);
    expect(() => raw.prepare("update audit_log set actor = 'someone else'").run()).toThrow(
      /append-only/,
    );
    expect(() => raw.prepare('delete from audit_log').run()).toThrow(/append-only/);
    expect(raw.prepare('select actor from audit_log').all()).toEqual([{ actor: 'ops' }]);
    raw.close();
  });
});
