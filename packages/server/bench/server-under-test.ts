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
import { sanitizeImage } from '../dist/image/sanitize-image.js';
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
    // OPTIMISE_JPEG_CODING=false measures the handler with plain Huffman tables.
    imageLimits: { optimiseJpegCoding: process.env.OPTIMISE_JPEG_CODING !== 'false' },
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

/** The image part of the benchmark's multipart body (one part, as `multipart()` builds it). */
function imagePart(body: Buffer): Buffer {
  const start = body.indexOf('\r\n\r\n') + 4;
  const end = body.lastIndexOf('\r\n--');
  return body.subarray(start, end);
}

/**
 * Bare baseline: POST /upload/:id reads the body, sanitizes the image with
 * the handler's own `sanitizeImage` (the same decode, checks and re-encode,
 * so the ratio measures everything but the image work), then pushes one SSE
 * event to /events/:id streams.
 */
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
      req.on('end', async () => {
        const body = Buffer.concat(chunks);
        // The broadcast's trigger posts one byte: no image to sanitize.
        const sanitized = body.length > 64 ? await sanitizeImage(imagePart(body)) : null;
        res.writeHead(201, { 'Content-Type': 'application/json' });
        res.end(JSON.stringify({ bytes: sanitized?.bytes.byteLength ?? body.length }));
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
  if (message === 'load') {
    // Cumulative: the main thread's busy time, and CPU time of every thread (libvips' included).
    const cpu = process.cpuUsage();
    process.send?.({
      load: {
        mainThreadBusyMs: performance.eventLoopUtilization().active,
        cpuMs: (cpu.user + cpu.system) / 1000,
      },
    });
  }
});
// A clean exit on SIGINT lets --cpu-prof write its profile.
process.on('SIGINT', () => process.exit(0));
