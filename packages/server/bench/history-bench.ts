/**
 * `pnpm bench:history`: the history list at 100,000 reverifications, on
 * SQLite and on PostgreSQL (a throwaway cluster), in one run. Each store is
 * seeded once and copied; the copy has migration 0009's indexes dropped and
 * is asked the old way (every match counted), so it is the baseline: what
 * the query cost before. Runs are interleaved.
 *
 * - page 1, newest first, no filter (limit 20): indexed and capped count vs
 *   the baseline
 * - page 2,500 (offset 50,000) vs the same position by keyset cursor
 *
 * Flags: --rows N (100000), --runs N (30)
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import Database from 'better-sqlite3';
import pg from 'pg';
import { startPostgres } from '../../../scripts/postgres-cluster.mjs';
import { createPostgresStore } from '../src/store/postgres/postgres-store.js';
import { createSqliteStore } from '../src/store/sqlite/sqlite-store.js';
import type {
  ReverificationFilter,
  ReverificationRecord,
  ReverifyStore,
} from '../src/store/store.js';
import { reverificationRow } from '../src/testing/records.js';
import { quantile, round } from './stats.js';

const { values } = parseArgs({
  options: { rows: { type: 'string', default: '100000' }, runs: { type: 'string', default: '30' } },
});
const ROWS = Number(values.rows);
const RUNS = Number(values.runs);
const PAGE = 20;
const DEEP_OFFSET = Math.floor(ROWS / 2);
const SCALE_INDEXES = [
  'reverifications_created',
  'reverifications_status_created',
  'reverifications_decision_created',
];
const log = (message: string) => process.stderr.write(`${message}\n`);

function row(i: number): ReverificationRecord {
  const createdAt = new Date(Date.UTC(2026, 0, 1) + i * 1000).toISOString();
  return reverificationRow(`rv_${String(i).padStart(24, '0')}`, {
    referenceId: `person-${i % 5000}`,
    status: i % 3 ? 'completed' : 'expired',
    decision: i % 3 ? (i % 7 ? 'approved' : 'rejected') : null,
    createdAt,
    updatedAt: createdAt,
    expiresAt: createdAt,
    completedAt: createdAt,
  });
}

async function seed(store: ReverifyStore): Promise<void> {
  for (let start = 0; start < ROWS; start += 2000) {
    await store.transaction(async (tx) => {
      for (let i = start; i < Math.min(ROWS, start + 2000); i++)
        await tx.insertReverification(row(i));
    });
  }
}

const newest = (patch: Partial<ReverificationFilter>): ReverificationFilter => ({
  order: 'newest',
  offset: 0,
  limit: PAGE + 1,
  countUpTo: 10_001,
  ...patch,
});

async function timed(store: ReverifyStore, filter: ReverificationFilter): Promise<number> {
  const started = performance.now();
  await store.transaction((tx) => tx.listReverifications(filter));
  return performance.now() - started;
}

/** Interleaved runs of the four queries on `indexed` and `baseline`; medians in ms. */
async function measure(indexed: ReverifyStore, baseline: ReverifyStore) {
  const deepRow = row(ROWS - 1 - DEEP_OFFSET + 1);
  const cursor = { createdAt: deepRow.createdAt, id: deepRow.id };
  const samples = {
    page1: [] as number[],
    page1Baseline: [] as number[],
    deepOffset: [] as number[],
    deepCursor: [] as number[],
  };
  for (let run = 0; run < RUNS + 3; run++) {
    const page1 = await timed(indexed, newest({}));
    const page1Baseline = await timed(baseline, newest({ countUpTo: Number.MAX_SAFE_INTEGER }));
    const deepOffset = await timed(indexed, newest({ offset: DEEP_OFFSET }));
    const deepCursor = await timed(indexed, newest({ after: cursor }));
    if (run < 3) continue;
    samples.page1.push(page1);
    samples.page1Baseline.push(page1Baseline);
    samples.deepOffset.push(deepOffset);
    samples.deepCursor.push(deepCursor);
  }
  const p50 = (list: number[]) => round(quantile(list, 0.5), 2);
  return {
    page1P50Ms: p50(samples.page1),
    page1BaselineP50Ms: p50(samples.page1Baseline),
    page1Speedup: round(quantile(samples.page1Baseline, 0.5) / quantile(samples.page1, 0.5), 1),
    deepOffsetP50Ms: p50(samples.deepOffset),
    deepCursorP50Ms: p50(samples.deepCursor),
  };
}

/** The same page from both ways of reaching it: a check that the cursor lands where the offset does. */
async function samePage(store: ReverifyStore): Promise<boolean> {
  const deepRow = row(ROWS - 1 - DEEP_OFFSET + 1);
  const ids = async (filter: ReverificationFilter) =>
    (await store.transaction((tx) => tx.listReverifications(filter))).records
      .map((r) => r.id)
      .join();
  return (
    (await ids(newest({ offset: DEEP_OFFSET }))) ===
    (await ids(newest({ after: { createdAt: deepRow.createdAt, id: deepRow.id } })))
  );
}

/** {@link measure} and {@link samePage} on a store pair, then closes both. */
async function measureAndClose(indexed: ReverifyStore, baseline: ReverifyStore) {
  try {
    return { ...(await measure(indexed, baseline)), cursorMatchesOffset: await samePage(indexed) };
  } finally {
    await indexed.close();
    await baseline.close();
  }
}

async function sqlite() {
  const dir = mkdtempSync(join(tmpdir(), 'reverify-history-'));
  try {
    const file = join(dir, 'indexed.db');
    const store = await createSqliteStore({ filename: file });
    log(`sqlite: seeding ${ROWS} reverifications…`);
    await seed(store);
    await store.close();
    const copy = new Database(file);
    copy.exec(`VACUUM INTO '${join(dir, 'baseline.db')}'`);
    copy.close();
    const bare = new Database(join(dir, 'baseline.db'));
    for (const name of SCALE_INDEXES) bare.exec(`DROP INDEX ${name}`);
    bare.close();
    log('sqlite: measuring…');
    return await measureAndClose(
      await createSqliteStore({ filename: file }),
      await createSqliteStore({ filename: join(dir, 'baseline.db') }),
    );
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

async function postgres() {
  const cluster = await startPostgres();
  try {
    const url = (name: string) =>
      Object.assign(new URL(cluster.url), { pathname: `/${name}` }).href;
    const run = async (database: string, statements: readonly string[]) => {
      const client = new pg.Client({ connectionString: url(database) });
      await client.connect();
      for (const statement of statements) await client.query(statement);
      await client.end();
    };
    const admin = new URL(cluster.url).pathname.slice(1);
    await run(admin, ['CREATE DATABASE history_indexed']);
    const store = await createPostgresStore({ connectionString: url('history_indexed') });
    log(`postgres: seeding ${ROWS} reverifications…`);
    await seed(store);
    await store.close();
    await run('history_indexed', ['ANALYZE']);
    await run(admin, ['CREATE DATABASE history_baseline TEMPLATE history_indexed']);
    await run('history_baseline', [
      ...SCALE_INDEXES.map((name) => `DROP INDEX ${name}`),
      'ANALYZE',
    ]);
    log('postgres: measuring…');
    return await measureAndClose(
      await createPostgresStore({ connectionString: url('history_indexed') }),
      await createPostgresStore({ connectionString: url('history_baseline') }),
    );
  } finally {
    await cluster.stop();
  }
}

const result = {
  bench: 'history',
  rows: ROWS,
  runs: RUNS,
  limit: PAGE,
  deepOffset: DEEP_OFFSET,
  sqlite: await sqlite(),
  postgres: await postgres(),
};
process.stdout.write(`${JSON.stringify(result)}\n`);
