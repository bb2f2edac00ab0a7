import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { createPostgresStore } from '../store/postgres/postgres-store.js';
import { createSqliteStore } from '../store/sqlite/sqlite-store.js';
import type { ReverifyStore } from '../store/store.js';
import { SECRET_KEY, uploadTestPhoto } from '../testing/harness.js';
import { freshPostgresDatabase } from '../testing/postgres.js';
import {
  type ReceiverBehaviour,
  startReceiver,
  type WebhookReceiver,
} from '../testing/webhook-receiver.js';
import { newWebhookSecret } from './endpoints.js';

const dir = mkdtempSync(join(tmpdir(), 'reverify-crash-'));
const child = fileURLToPath(new URL('../testing/crash-child.ts', import.meta.url));
const secret = newWebhookSecret();
const running: ChildProcess[] = [];
const receivers: WebhookReceiver[] = [];
afterEach(async () => {
  for (const process of running.splice(0)) process.kill('SIGKILL');
  for (const receiver of receivers.splice(0)) await receiver.close();
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Starts a handler process on `dbFile`; resolves with its base URL once it listens. */
function startChild(
  dbFile: string,
  receiverUrl: string,
  crashAfterCommit = false,
  sandboxLatencyMs = 50,
  extraEnv: Record<string, string> = {},
): Promise<{ base: string; process: ChildProcess }> {
  const proc = spawn(
    process.execPath,
    ['--import', 'tsx', '--conditions=@reverify/source', child],
    {
      env: {
        ...process.env,
        DB_FILE: dbFile,
        RECEIVER_URL: receiverUrl,
        WEBHOOK_SECRET: secret,
        SECRET_KEY,
        CRASH_AFTER_OUTBOX_COMMIT: crashAfterCommit ? '1' : '0',
        SANDBOX_LATENCY_MS: String(sandboxLatencyMs),
        ...extraEnv,
      },
      stdio: ['ignore', 'pipe', 'inherit'],
    },
  );
  running.push(proc);
  return new Promise((resolve, reject) => {
    proc.stdout?.on('data', (chunk: Buffer) => {
      const port = chunk.toString().match(/ready (\d+)/)?.[1];
      if (port) resolve({ base: `http://127.0.0.1:${port}`, process: proc });
    });
    proc.once('exit', (code) => reject(new Error(`child exited early (${code})`)));
  });
}

const exited = (proc: ChildProcess) =>
  new Promise<void>((resolve) =>
    proc.exitCode !== null || proc.signalCode ? resolve() : proc.once('exit', () => resolve()),
  );

async function api(base: string, path: string, body?: unknown) {
  const response = await fetch(`${base}${path}`, {
    method: body ? 'POST' : 'GET',
    headers: { Authorization: `Bearer ${SECRET_KEY}`, 'Content-Type': 'application/json' },
    ...(body ? { body: JSON.stringify(body) } : {}),
  });
  return { status: response.status, body: (await response.json()) as Record<string, string> };
}

async function until(check: () => boolean | Promise<boolean>, timeoutMs = 15_000): Promise<void> {
  const started = Date.now();
  while (!(await check())) {
    if (Date.now() - started > timeoutMs) throw new Error('condition not reached');
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** The one webhook endpoint's delivery health, from the running handler. */
async function endpointHealth(base: string): Promise<{ pending: number } | undefined> {
  const { body } = await api(base, '/v1/webhooks/endpoints');
  return (body as unknown as { endpoints: { pending: number }[] }).endpoints[0];
}

/** Every outbox row of the database (a SQLite file or a PostgreSQL URL), read after the processes are gone. */
async function outbox(database: string) {
  const store: ReverifyStore = database.startsWith('postgres')
    ? await createPostgresStore({ connectionString: database, poolSize: 1 })
    : await createSqliteStore({ filename: database });
  const rows = await store.transaction((tx) => tx.listDeliveries({ limit: 10_000 }));
  await store.close();
  return rows;
}

const upload = (base: string, session: Record<string, string>) =>
  uploadTestPhoto(base, session as { id: string; clientToken: string }, 'http://crash.test');

describe('webhook delivery across kill -9', () => {
  it('delivers an event committed just before the process was killed, after a restart', async () => {
    const dbFile = join(dir, 'commit.db');
    const receiver = await startReceiver();
    receivers.push(receiver);
    const first = await startChild(dbFile, receiver.url, true);
    // The create commits its first event and outbox row, then the process dies before dispatching.
    await fetch(`${first.base}/v1/reverifications`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${SECRET_KEY}`, 'Content-Type': 'application/json' },
      body: JSON.stringify({ referenceId: 'sandbox_approved' }),
    }).catch(() => undefined);
    await exited(first.process);
    expect(first.process.signalCode).toBe('SIGKILL');
    expect(receiver.requests).toHaveLength(0);

    const second = await startChild(dbFile, receiver.url);
    // Receiving the request is not enough: kill only once the dispatcher recorded the delivery.
    await until(async () => (await endpointHealth(second.base))?.pending === 0);
    expect(receiver.requests.length).toBeGreaterThanOrEqual(1);
    second.process.kill('SIGKILL');
    await exited(second.process);
    const rows = await outbox(dbFile);
    expect(rows).toHaveLength(1);
    expect(rows[0]?.status).toBe('delivered');
    expect(receiver.requests.map((r) => r.id)).toEqual([rows[0]?.eventId]);
  }, 30_000);

  it('redelivers an attempt cut by kill -9 with the same webhook-id, and delivers everything after', async () => {
    const dbFile = join(dir, 'dispatch.db');
    let hang = true;
    const receiver = await startReceiver(
      (): ReceiverBehaviour => (hang ? { hang: true } : { status: 204 }),
    );
    receivers.push(receiver);
    const first = await startChild(dbFile, receiver.url);
    const session = await api(first.base, '/v1/reverifications', {
      referenceId: 'sandbox_approved',
    });
    expect(session.status).toBe(201);
    await until(() => receiver.requests.length >= 1);
    first.process.kill('SIGKILL');
    await exited(first.process);
    const cut = receiver.requests[0]?.id;

    hang = false;
    const second = await startChild(dbFile, receiver.url);
    // The old client token still works: the reverification lives in the same SQLite file.
    expect((await upload(second.base, session.body)).status).toBe(201);
    await until(
      async () =>
        receiver.requests.filter((r) => r.answered === 204).length >= 3 &&
        (await endpointHealth(second.base))?.pending === 0,
    );
    second.process.kill('SIGKILL');
    await exited(second.process);

    const rows = await outbox(dbFile);
    expect(rows.map((r) => r.status)).toEqual(['delivered', 'delivered', 'delivered']);
    const ids = new Set(rows.map((r) => r.eventId));
    // Every request carried a known event id; the only repeat is the cut attempt's id.
    expect(receiver.requests.every((r) => ids.has(r.id))).toBe(true);
    const repeats = receiver.requests
      .map((r) => r.id)
      .filter((id, i, all) => all.indexOf(id) !== i);
    expect(new Set(repeats)).toEqual(new Set([cut]));
    const acknowledged = receiver.requests
      .filter((r) => r.answered === 204)
      .map((r) => JSON.parse(r.body).data.currentStatus);
    expect(acknowledged).toEqual(['pending', 'processing', 'completed']);
  }, 40_000);

  it('decides a match that was in flight inside the killed process, after a restart', async () => {
    const dbFile = join(dir, 'in-flight.db');
    const receiver = await startReceiver();
    receivers.push(receiver);
    // The sandbox would take a minute to decide: the verdict is still in flight when the process dies.
    const first = await startChild(dbFile, receiver.url, false, 60_000);
    const session = await api(first.base, '/v1/reverifications', {
      referenceId: 'sandbox_approved',
    });
    expect((await upload(first.base, session.body)).status).toBe(201);
    first.process.kill('SIGKILL');
    await exited(first.process);

    const second = await startChild(dbFile, receiver.url);
    await until(
      async () =>
        (await api(second.base, `/v1/reverifications/${session.body.id}`)).body.status ===
        'completed',
    );
    const done = await api(second.base, `/v1/reverifications/${session.body.id}`);
    expect(done.body).toMatchObject({ status: 'completed', decision: 'approved' });
  }, 30_000);

  it('hands the leases of an instance killed mid-delivery to another instance on the same PostgreSQL', async () => {
    const databaseUrl = await freshPostgresDatabase();
    let hang = true;
    const receiver = await startReceiver(
      (): ReceiverBehaviour => (hang ? { hang: true } : { status: 204 }),
    );
    receivers.push(receiver);
    // A's attempts hang for 5 s, and so their leases outlive B's start-up.
    const extra = { DATABASE_URL: databaseUrl, ATTEMPT_TIMEOUT_MS: '5000' };
    const a = await startChild('', receiver.url, false, 50, extra);
    const sessions = [];
    for (let i = 0; i < 4; i++) {
      const person = { referenceId: `lease-${i}`, providerEnrollmentId: `p-lease-${i}` };
      expect((await api(a.base, '/v1/enrollments', person)).status).toBe(201);
      const session = await api(a.base, '/v1/reverifications', { referenceId: person.referenceId });
      expect(session.status).toBe(201);
      sessions.push(session.body);
    }
    await until(() => receiver.requests.length >= 4);
    const b = await startChild('', receiver.url, false, 50, extra);
    a.process.kill('SIGKILL');
    await exited(a.process);
    // Every request so far was A's (B did not exist); none was answered.
    const cut = new Set(receiver.requests.map((r) => r.id));
    const afterKill = receiver.requests.length;
    hang = false;

    for (const session of sessions) expect((await upload(b.base, session)).status).toBe(201);
    await until(
      async () =>
        receiver.requests.filter((r) => r.answered === 204).length >= 12 &&
        (await endpointHealth(b.base))?.pending === 0,
      30_000,
    );
    b.process.kill('SIGKILL');
    await exited(b.process);

    const rows = await outbox(databaseUrl);
    expect(rows).toHaveLength(12);
    expect(rows.every((row) => row.status === 'delivered')).toBe(true);
    // B delivered every event whose attempt died with A, under the same webhook-id.
    const byB = receiver.requests.slice(afterKill);
    for (const id of cut) expect(byB.some((r) => r.id === id && r.answered === 204)).toBe(true);
    const ids = receiver.requests.map((r) => r.id);
    const repeats = ids.filter((id, i) => ids.indexOf(id) !== i);
    expect(repeats.every((id) => cut.has(id))).toBe(true);
    const order = new Map<string, string[]>();
    for (const request of receiver.requests.filter((r) => r.answered === 204)) {
      const { data } = JSON.parse(request.body);
      order.set(data.reverificationId, [
        ...(order.get(data.reverificationId) ?? []),
        data.currentStatus,
      ]);
    }
    expect([...order.values()]).toEqual(
      Array.from({ length: 4 }, () => ['pending', 'processing', 'completed']),
    );
  }, 60_000);
});
