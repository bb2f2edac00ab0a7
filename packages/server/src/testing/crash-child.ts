/**
 * A handler process for the crash tests: SQLite file (or PostgreSQL when
 * DATABASE_URL is set), sandbox provider, one webhook endpoint
 * (ATTEMPT_TIMEOUT_MS, default 1000, bounds an attempt and so its lease). With CRASH_AFTER_OUTBOX_COMMIT=1 it kills itself
 * with SIGKILL right after the first transaction that wrote outbox rows
 * commits — between commit and dispatch. SANDBOX_LATENCY_MS sets how long
 * the sandbox takes to decide (default 50).
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { toNodeListener } from '../adapters/node.js';
import { createReverifyHandler } from '../handler.js';
import { createSandboxProvider } from '../providers/sandbox-provider.js';
import { createPostgresStore } from '../store/postgres/postgres-store.js';
import { createSqliteStore } from '../store/sqlite/sqlite-store.js';
import type { ReverifyStore } from '../store/store.js';

const env = process.env as Record<string, string>;
const inner = env.DATABASE_URL
  ? await createPostgresStore({ connectionString: env.DATABASE_URL, poolSize: 5 })
  : await createSqliteStore({ filename: env.DB_FILE as string });
const crashAfterCommit = env.CRASH_AFTER_OUTBOX_COMMIT === '1';
const store: ReverifyStore = {
  async transaction(work) {
    let wroteOutbox = false;
    const result = await inner.transaction((tx) =>
      work({
        ...tx,
        insertDeliveries: async (records) => {
          if (records.length > 0) wroteOutbox = true;
          await tx.insertDeliveries(records);
        },
      }),
    );
    if (crashAfterCommit && wroteOutbox) process.kill(process.pid, 'SIGKILL');
    return result;
  },
  ...(inner.watchEvents ? { watchEvents: inner.watchEvents } : {}),
  close: () => inner.close(),
};

const handler = await createReverifyHandler({
  mode: 'sandbox',
  secretKeys: [env.SECRET_KEY as string],
  store,
  provider: createSandboxProvider({ latencyMs: Number(env.SANDBOX_LATENCY_MS ?? 50) }),
  allowedOrigins: ['http://crash.test'],
  sweepIntervalMs: 0,
  webhooks: {
    endpoints: [{ url: env.RECEIVER_URL as string, secrets: [env.WEBHOOK_SECRET as string] }],
    retrySchedule: [0.1, 0.2, 0.4, 0.8],
    attemptTimeoutMs: Number(env.ATTEMPT_TIMEOUT_MS ?? 1000),
    pollIntervalMs: 100,
  },
});
const server = createServer(toNodeListener(handler));
server.listen(0, '127.0.0.1', () => {
  process.stdout.write(`ready ${(server.address() as AddressInfo).port}\n`);
});
