/**
 * The server side of `pnpm bench:server` and `pnpm bench:cluster`, run in a
 * child process so that the load generator does not share its event loop:
 * either the real handler (sandbox provider answering at once; a SQLite
 * file, or PostgreSQL when DATABASE_URL is set) or a bare node:http server
 * doing the least the same protocol needs (the baseline).
 */
import { mkdtempSync } from 'node:fs';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
// The built package, as integrators run it (`pnpm bench:server` builds first).
import { toNodeListener } from '../dist/adapters/node.js';
import { createReverifyHandler } from '../dist/handler.js';
import { createSandboxProvider } from '../dist/providers/sandbox-provider.js';
import { BENCH_ORIGIN, BENCH_SECRET_KEY } from './http-client.js';

const BENCH_WEBHOOK_SECRET = `whsec_${Buffer.alloc(32, 7).toString('base64')}`;

async function reverifyServer() {
  const handler = await createReverifyHandler({
    mode: 'sandbox',
    secretKeys: [BENCH_SECRET_KEY],
    ...(process.env.DATABASE_URL
      ? { databaseUrl: process.env.DATABASE_URL }
      : { sqlitePath: join(mkdtempSync(join(tmpdir(), 'reverify-bench-')), 'bench.db') }),
    provider: createSandboxProvider({ latencyMs: 0 }),
    allowedOrigins: [BENCH_ORIGIN],
    rateLimit: false,
    // The benchmark reverifies the same people hundreds of times; the brute-force limit has its own tests.
    attempts: { max: 1_000_000, windowSeconds: 60 },
    heartbeatMs: 5000,
    ...(process.env.RECEIVER_URL
      ? {
          webhooks: {
            endpoints: [{ url: process.env.RECEIVER_URL, secrets: [BENCH_WEBHOOK_SECRET] }],
            pollIntervalMs: 200,
          },
        }
      : {}),
  });
  return createServer(toNodeListener(handler));
}

/** Bare baseline: POST /upload/:id reads the body then pushes one SSE event to /events/:id streams. */
function bareServer() {
  const streams = new Map<string, Set<ServerResponse>>();
  const heartbeat = setInterval(() => {
    for (const set of streams.values()) for (const res of set) res.write(': heartbeat\n\n');
  }, 5000);
  heartbeat.unref();
  return createServer((req: IncomingMessage, res: ServerResponse) => {
    const [, kind, id = ''] = req.url?.split('/') ?? [];
    if (req.method === 'GET' && kind === 'events') {
      res.writeHead(200, { 'Content-Type': 'text/event-stream', 'Cache-Control': 'no-store' });
      res.write('id: 1\nevent: ready\ndata: {}\n\n');
      const set = streams.get(id) ?? new Set();
      streams.set(id, set);
      set.add(res);
      req.on('close', () => set.delete(res));
      return;
    }
    if (req.method === 'POST' && kind === 'upload') {
      const chunks: Buffer[] = [];
      req.on('data', (chunk: Buffer) => chunks.push(chunk));
      req.on('end', () => {
        res.writeHead(201, { 'Content-Type': 'application/json' });
        res.end(JSON.stringify({ bytes: Buffer.concat(chunks).length }));
        const event = `id: 2\nevent: reverification.completed\ndata: ${JSON.stringify({ id, decision: 'approved' })}\n\n`;
        for (const stream of streams.get(id) ?? []) stream.write(event);
      });
      return;
    }
    res.writeHead(404).end();
  });
}

const server = process.argv[2] === 'bare' ? bareServer() : await reverifyServer();
server.listen(0, '127.0.0.1', () => {
  process.send?.({ port: (server.address() as AddressInfo).port });
});
process.on('message', (message) => {
  if (message === 'memory') {
    global.gc?.();
    process.send?.({ memory: process.memoryUsage() });
  }
});
// A clean exit on SIGINT lets --cpu-prof write its profile.
process.on('SIGINT', () => process.exit(0));
