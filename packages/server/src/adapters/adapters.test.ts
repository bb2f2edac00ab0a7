import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { serve } from '@hono/node-server';
import express from 'express';
import { Hono } from 'hono';
import { afterEach, describe, expect, it } from 'vitest';
import { createReverifyHandler, type ReverifyHandler } from '../handler.js';
import { createSandboxProvider } from '../providers/sandbox-provider.js';
import { createMemoryStore } from '../store/memory/memory-store.js';
import { ORIGIN, SECRET_KEY, uploadTestPhoto } from '../testing/harness.js';
import { reverifyExpress } from './express.js';
import { reverifyHono } from './hono.js';
import { toNodeListener } from './node.js';

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function handler(): Promise<ReverifyHandler> {
  const created = await createReverifyHandler({
    mode: 'sandbox',
    secretKeys: [SECRET_KEY],
    store: createMemoryStore(),
    provider: createSandboxProvider({ latencyMs: 20 }),
    allowedOrigins: [ORIGIN],
    sweepIntervalMs: 0,
    heartbeatMs: 50,
  });
  cleanups.push(() => created.close());
  return created;
}

async function listen(server: Server): Promise<string> {
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  cleanups.push(
    () =>
      new Promise<void>((done) => {
        server.closeAllConnections();
        server.close(() => done());
      }),
  );
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

/** Creates a session and uploads a capture through `base`; returns the decision stream's text. */
async function fullFlow(base: string): Promise<string> {
  const created = await fetch(`${base}/v1/reverifications`, {
    method: 'POST',
    headers: { Authorization: `Bearer ${SECRET_KEY}`, 'Content-Type': 'application/json' },
    body: JSON.stringify({ referenceId: 'sandbox_approved' }),
  });
  expect(created.status, await created.clone().text()).toBe(201);
  const session = (await created.json()) as {
    id: string;
    clientToken: string;
    streamToken: string;
  };
  expect((await uploadTestPhoto(base, session)).status).toBe(201);
  const stream = await fetch(
    `${base}/v1/reverifications/${session.id}/events?token=${session.streamToken}`,
  );
  return stream.text();
}

describe('adapters', () => {
  it('node http: serves the whole flow under a base path', async () => {
    const base = await listen(
      createServer(toNodeListener(await handler(), { basePath: '/reverify' })),
    );
    expect(await fullFlow(`${base}/reverify`)).toContain('"decision":"approved"');
    const outside = await fetch(`${base}/v1/health`);
    expect(outside.status).toBe(404);
  });

  it('node http: a disconnected SSE client releases its subscription', async () => {
    const created = await handler();
    const base = await listen(createServer(toNodeListener(created)));
    const session = (await (
      await fetch(`${base}/v1/reverifications`, {
        method: 'POST',
        headers: { Authorization: `Bearer ${SECRET_KEY}`, 'Content-Type': 'application/json' },
        body: JSON.stringify({ referenceId: 'sandbox_expired' }),
      })
    ).json()) as { id: string; streamToken: string };
    const controllers = Array.from({ length: 5 }, () => new AbortController());
    const streams = await Promise.all(
      controllers.map((c) =>
        fetch(`${base}/v1/reverifications/${session.id}/events?token=${session.streamToken}`, {
          signal: c.signal,
        }),
      ),
    );
    expect(streams.every((s) => s.status === 200)).toBe(true);
    expect(created.stats().openStreams).toBe(5);
    for (const c of controllers) c.abort();
    await expect.poll(() => created.stats().openStreams, { timeout: 10_000 }).toBe(0);
  });

  it('express: works mounted after express.json() and before it', async () => {
    for (const order of ['json-first', 'handler-first'] as const) {
      const app = express();
      const mounted = reverifyExpress(await handler());
      if (order === 'json-first') app.use(express.json());
      app.use('/reverify', mounted);
      if (order === 'handler-first') app.use(express.json());
      const base = await listen(createServer(app));
      expect(await fullFlow(`${base}/reverify`), order).toContain('"decision":"approved"');
    }
  });

  it('hono: works through app.mount', async () => {
    const app = new Hono();
    app.get('/', (c) => c.text('integrator home'));
    app.mount('/reverify', reverifyHono(await handler()));
    const server = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' });
    await new Promise((r) => server.once('listening', r));
    cleanups.push(() => new Promise<void>((done) => server.close(() => done())));
    const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    expect(await (await fetch(base)).text()).toBe('integrator home');
    expect(await fullFlow(`${base}/reverify`)).toContain('"decision":"approved"');
  });
});
