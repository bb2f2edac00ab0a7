/**
 * A handler process for the restart test: the local matcher (one thread) on
 * a SQLite file. With HOLD_MATCHES=1 it accepts matches but never runs them,
 * as a process killed after accepting a capture and before its worker
 * finished would.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createReverifyHandler, createSqliteStore } from '@reverify/server';
import { toNodeListener } from '@reverify/server/node';
import { createLocalProvider } from '../provider.js';

const env = process.env as Record<string, string>;
const local = createLocalProvider({ threads: 1 });
const provider =
  env.HOLD_MATCHES === '1'
    ? { ...local, startMatch: async () => ({ providerReference: null }) }
    : local;
const handler = await createReverifyHandler({
  mode: 'production',
  secretKeys: [env.SECRET_KEY as string],
  store: await createSqliteStore({ filename: env.DB_FILE as string }),
  provider,
  allowedOrigins: ['http://restart.test'],
  sweepIntervalMs: 0,
  rateLimit: false,
});
const server = createServer(toNodeListener(handler));
server.listen(0, '127.0.0.1', () => {
  process.stdout.write(`ready ${(server.address() as AddressInfo).port}\n`);
});
