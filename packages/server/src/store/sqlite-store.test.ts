import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { createSqliteStore } from './sqlite-store.js';
import { describeStoreConformance, enrollmentRow } from './store-conformance.test-helper.js';

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
    expect(migrations.map((m) => m.name)).toEqual([
      '0001_initial',
      '0002_webhooks',
      '0003_provider_templates',
    ]);
    raw.close();
  });
});
