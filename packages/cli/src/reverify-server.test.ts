import { type ChildProcess, spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { get } from 'node:https';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
// The test run's throwaway PostgreSQL (scripts/vitest-postgres.mjs), one fresh database per call.
import { freshPostgresDatabase } from '../../server/src/testing/postgres.js';

const BIN = fileURLToPath(new URL('./reverify-server.ts', import.meta.url));
const TSX = fileURLToPath(new URL('../../../node_modules/.bin/tsx', import.meta.url));

const freePort = () =>
  new Promise<number>((resolve) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });

let child: ChildProcess | undefined;
let folder: string;

afterEach(() => {
  child?.kill('SIGTERM');
  rmSync(folder, { recursive: true, force: true });
});

/** Starts the bin and answers what it printed once it printed the line to open. */
async function start(args: string[]): Promise<string> {
  child = spawn(TSX, [BIN, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  return new Promise((resolve, reject) => {
    child?.stdout?.on('data', (chunk) => {
      output += chunk;
      if (/^(Open|Ready:) .*\n$/m.test(output)) resolve(output);
    });
    child?.on('exit', (code) => reject(new Error(`exited ${code}: ${output}`)));
  });
}

/** GET over https, trusting only `ca`. */
function httpsGet(url: string, ca: string): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    get(url, { ca }, (response) => {
      let body = '';
      response.on('data', (chunk) => {
        body += chunk;
      });
      response.on('end', () => resolve({ status: response.statusCode ?? 0, body }));
    }).on('error', reject);
  });
}

describe('reverify-server', () => {
  it('serves https with its own certificate under a base path, and prints the address to open last', async () => {
    folder = mkdtempSync(join(tmpdir(), 'reverify-bin-'));
    mkdirSync(join(folder, 'site'));
    writeFileSync(join(folder, 'site/index.html'), '<!doctype html><title>site</title>');
    const port = await freePort();
    const args = [
      '--https',
      '--base-path',
      '/reverify',
      '--static',
      join(folder, 'site'),
      '--port',
      String(port),
      '--data-dir',
      join(folder, 'data'),
      '--quiet',
    ];
    const printed = await start(args);
    const lines = printed.trim().split('\n');
    expect(lines.at(-1)).toBe(`Open https://127.0.0.1:${port}/`);
    expect(printed).toContain(`listening on https://127.0.0.1:${port}/reverify`);
    const { cert, fingerprint } = JSON.parse(readFileSync(join(folder, 'data/https.json'), 'utf8'));
    expect(printed).toContain(fingerprint);
    // Trusting only that certificate proves it names 127.0.0.1 and is the one served.
    const health = await httpsGet(`https://127.0.0.1:${port}/reverify/v1/health`, cert);
    expect(health.status).toBe(200);
    expect(JSON.parse(health.body)).toMatchObject({ status: 'ok' });
    expect((await httpsGet(`https://127.0.0.1:${port}/`, cert)).body).toContain('<title>site');
    const sdk = await httpsGet(`https://127.0.0.1:${port}/reverify/sdk/reverify.iife.js`, cert);
    expect(sdk.status).toBe(200);

    // A restart keeps the certificate the browser already accepted.
    child?.kill('SIGTERM');
    await new Promise((resolve) => child?.once('exit', resolve));
    await start(args);
    expect(JSON.parse(readFileSync(join(folder, 'data/https.json'), 'utf8')).fingerprint).toBe(
      fingerprint,
    );
  }, 60_000);

  it('makes, lists, rotates and revokes scoped keys in the data directory, and the server checks them', async () => {
    folder = mkdtempSync(join(tmpdir(), 'reverify-keys-'));
    const data = join(folder, 'data');
    const keys = (...args: string[]) =>
      new Promise<{ code: number | null; out: string; err: string }>((resolve) => {
        const run = spawn(TSX, [BIN, 'keys', ...args, '--data-dir', data]);
        let out = '';
        let err = '';
        run.stdout.on('data', (chunk) => {
          out += chunk;
        });
        run.stderr.on('data', (chunk) => {
          err += chunk;
        });
        run.on('exit', (code) => resolve({ code, out, err }));
      });
    const created = await keys('create', '--name', 'reviewer', '--scope', 'reviews');
    expect(created.code).toBe(0);
    const [reviewerKey, reviewerRow] = created.out.split('\n');
    expect(reviewerKey).toMatch(/^rk_[A-Za-z0-9]{40}$/);
    const reviewerId = reviewerRow?.split('  ')[0] as string;
    expect(reviewerRow).toMatch(/^key_\w+ {2}reviewer {2}reviews {2}/);
    // The database holds its hash, never the key.
    expect(readFileSync(join(data, 'reverify.db')).includes(reviewerKey as string)).toBe(false);
    const bad = await keys('create', '--name', 'x', '--scope', 'superuser');
    expect(bad.code).toBe(1);
    expect(bad.err).toContain('Unknown scope superuser');

    const port = await freePort();
    await start(['--port', String(port), '--data-dir', data, '--quiet']);
    const call = (path: string, key: string, init: RequestInit = {}) =>
      fetch(`http://127.0.0.1:${port}${path}`, {
        ...init,
        headers: { Authorization: `Bearer ${key}`, 'Content-Type': 'application/json' },
      });
    expect((await call('/v1/reviews', reviewerKey as string)).status).toBe(200);
    const batch = await call('/v1/batches', reviewerKey as string, {
      method: 'POST',
      body: JSON.stringify({ records: [{ referenceId: 'someone' }] }),
    });
    expect(batch.status).toBe(403);
    expect(((await batch.json()) as { error: { code: string } }).error.code).toBe(
      'insufficient_scope',
    );

    const rotated = await keys('rotate', reviewerId, '--grace-seconds', '0');
    expect(rotated.code).toBe(0);
    const [newKey] = rotated.out.split('\n');
    expect((await call('/v1/reviews', reviewerKey as string)).status).toBe(401);
    expect((await call('/v1/reviews', newKey as string)).status).toBe(200);
    const listed = await keys('list');
    expect(listed.out.trim().split('\n')).toHaveLength(2);
    const newId = listed.out.trim().split('\n')[1]?.split('  ')[0] as string;
    expect((await keys('revoke', newId)).out).toContain('revoked');
    expect((await call('/v1/reviews', newKey as string)).status).toBe(401);
  }, 60_000);

  it('runs on PostgreSQL with --database-url, keys included, and exits cleanly on SIGTERM', async () => {
    folder = mkdtempSync(join(tmpdir(), 'reverify-pg-'));
    const data = join(folder, 'data');
    const databaseUrl = await freshPostgresDatabase();
    const made = await new Promise<string>((resolve, reject) => {
      const run = spawn(TSX, [
        BIN,
        'keys',
        'create',
        '--name',
        'ops',
        '--scope',
        'reviews',
        '--data-dir',
        data,
        '--database-url',
        databaseUrl,
      ]);
      let out = '';
      run.stdout.on('data', (chunk) => {
        out += chunk;
      });
      run.on('exit', (code) =>
        code === 0 ? resolve(out) : reject(new Error(`keys exited ${code}`)),
      );
    });
    const key = made.split('\n')[0] as string;
    const port = await freePort();
    const output = await start([
      '--port',
      String(port),
      '--data-dir',
      data,
      '--database-url',
      databaseUrl,
      '--quiet',
    ]);
    expect(output).toContain(`store:           PostgreSQL ${new URL(databaseUrl).host}`);
    const reviews = await fetch(`http://127.0.0.1:${port}/v1/reviews`, {
      headers: { Authorization: `Bearer ${key}` },
    });
    expect(reviews.status).toBe(200);
    // Nothing went to a SQLite file.
    expect(() => readFileSync(join(data, 'reverify.db'))).toThrow();
    const exited = new Promise<number | null>((resolve) => child?.once('exit', resolve));
    child?.kill('SIGTERM');
    expect(await exited).toBe(0);
  }, 60_000);
});
