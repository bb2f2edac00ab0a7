import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPostgresStore } from '../store/postgres/postgres-store.js';
import type { ReverifyStore } from '../store/store.js';
import {
  readEvents,
  SECRET_KEY,
  startTestServer,
  type TestServer,
  uploadTestPhoto,
} from '../testing/harness.js';
import { freshPostgresDatabase } from '../testing/postgres.js';

/**
 * The server README's nginx configuration, taken from the README as written
 * (only the upstream addresses and the listening address are this test's),
 * in front of two instances on one PostgreSQL: nginx accepts it, and SSE,
 * uploads and readiness work through it.
 */
const README = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');
const ROOT = new URL('../../../../', import.meta.url).pathname;

const freePort = () =>
  new Promise<number>((resolve) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });

/** The README's ```nginx block, pointed at `upstreams` and listening on `port` without TLS. */
function configFromReadme(upstreams: readonly string[], port: number, folder: string): string {
  const block = README.match(/```nginx\n([\s\S]*?)```/)?.[1];
  if (!block) throw new Error('the server README has no nginx block');
  const servers = [...block.matchAll(/^ {4}server \S+ (.*);$/gm)];
  expect(servers.length).toBe(upstreams.length);
  let config = block;
  servers.forEach((server, i) => {
    config = config.replace(server[0], `    server ${upstreams[i]} ${server[1]};`);
  });
  config = config.replace(/listen 443 ssl http2;/, `listen 127.0.0.1:${port};`);
  expect(config).toContain(`listen 127.0.0.1:${port};`);
  // A foreground nginx of this user, with its files in `folder`.
  return `daemon off;
master_process off;
pid ${folder}/nginx.pid;
error_log ${folder}/error.log warn;
events {}
http {
  access_log off;
  client_body_temp_path ${folder}/body;
  proxy_temp_path ${folder}/proxy;
  fastcgi_temp_path ${folder}/fastcgi;
  uwsgi_temp_path ${folder}/uwsgi;
  scgi_temp_path ${folder}/scgi;
${config}
}
`;
}

describe('the README nginx configuration, in front of two instances', () => {
  const folder = mkdtempSync(join(tmpdir(), 'reverify-nginx-'));
  const instances: { server: TestServer; store: ReverifyStore }[] = [];
  let nginx: ChildProcess | undefined;
  let base = '';

  beforeAll(async () => {
    const binary = execFileSync('bash', [join(ROOT, 'scripts/nginx-binary.sh')], {
      encoding: 'utf8',
    }).trim();
    const connectionString = await freshPostgresDatabase();
    for (let i = 0; i < 2; i++) {
      const store = await createPostgresStore({ connectionString, poolSize: 4 });
      const server = await startTestServer({
        store,
        basePath: '/reverify',
        clock: () => new Date(),
        trustProxy: 1,
      });
      instances.push({ server, store });
    }
    const port = await freePort();
    const upstreams = instances.map(({ server }) => new URL(server.url).host);
    const file = join(folder, 'nginx.conf');
    mkdirSync(folder, { recursive: true });
    writeFileSync(file, configFromReadme(upstreams, port, folder));
    execFileSync(binary, ['-t', '-q', '-p', folder, '-c', file], { stdio: 'pipe' });
    nginx = spawn(binary, ['-p', folder, '-c', file], { stdio: 'ignore' });
    base = `http://127.0.0.1:${port}/reverify`;
    // nginx starts in the foreground: wait until it answers.
    for (let tries = 0; tries < 200; tries++) {
      if ((await fetch(`${base}/v1/health`).catch(() => null))?.status === 200) return;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    throw new Error(`nginx did not start: ${readFileSync(join(folder, 'error.log'), 'utf8')}`);
  });

  afterAll(async () => {
    nginx?.kill('SIGTERM');
    for (const { server, store } of instances) {
      await server.close();
      await store.close();
    }
    rmSync(folder, { recursive: true, force: true });
  });

  const call = (path: string, init: RequestInit = {}) =>
    fetch(`${base}${path}`, {
      ...init,
      headers: {
        Authorization: `Bearer ${SECRET_KEY}`,
        'Content-Type': 'application/json',
        ...init.headers,
      },
    });

  it('streams events while the stream stays open, and the decision, whichever instance answers', async () => {
    const enrolled = await call('/v1/enrollments', {
      method: 'POST',
      body: JSON.stringify({ referenceId: 'behind-nginx', providerEnrollmentId: 'p-behind-nginx' }),
    });
    expect(enrolled.status).toBe(201);
    const created = await call('/v1/reverifications', {
      method: 'POST',
      body: JSON.stringify({ referenceId: 'behind-nginx', sandboxOutcome: 'approved' }),
    });
    const session = (await created.json()) as {
      id: string;
      clientToken: string;
      streamToken: string;
    };
    const eventsUrl = `${base}/v1/reverifications/${session.id}/events?token=${session.streamToken}`;
    // Two events while the stream stays open (it ends only at the decision).
    const opened = await readEvents(eventsUrl, { stopAfter: 2, timeoutMs: 5000 });
    expect(opened.events.map((e) => e.data.status)).toEqual(['pending', 'capturing']);

    const stream = readEvents(eventsUrl, {
      lastEventId: opened.events[1]?.id as string,
      timeoutMs: 8000,
    });
    expect((await uploadTestPhoto(base, session)).status).toBe(201);
    const rest = await stream;
    expect(rest.ended).toBe(true);
    expect(rest.events.map((e) => e.data.status)).toEqual(['processing', 'completed']);
    expect(rest.events.at(-1)?.data.decision).toBe('approved');
  });

  it('answers readiness from an instance that is up', async () => {
    const ready = await fetch(`${base}/v1/health/ready`);
    expect(ready.status).toBe(200);
    expect(await ready.json()).toMatchObject({ status: 'ready' });
  });
});
