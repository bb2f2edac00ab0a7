import { type ChildProcess, spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { get } from 'node:https';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';

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
});
