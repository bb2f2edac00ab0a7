import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { PHOTOS, requireMedia, variantsOfA } from './testing/faces.js';

requireMedia();
const SECRET_KEY = 'sk_live_restartrestartrestartrestart0';
const dir = mkdtempSync(join(tmpdir(), 'reverify-local-restart-'));
const child = fileURLToPath(new URL('./testing/restart-child.ts', import.meta.url));
const running: ChildProcess[] = [];
afterEach(() => {
  for (const process of running.splice(0)) process.kill('SIGKILL');
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function startChild(
  dbFile: string,
  holdMatches: boolean,
): Promise<{ base: string; proc: ChildProcess }> {
  const proc = spawn(
    process.execPath,
    ['--import', 'tsx', '--conditions=@reverify/source', child],
    {
      env: { ...process.env, DB_FILE: dbFile, SECRET_KEY, HOLD_MATCHES: holdMatches ? '1' : '0' },
      stdio: ['ignore', 'pipe', 'inherit'],
    },
  );
  running.push(proc);
  return new Promise((resolve, reject) => {
    proc.stdout?.on('data', (chunk: Buffer) => {
      const port = chunk.toString().match(/ready (\d+)/)?.[1];
      if (port) resolve({ base: `http://127.0.0.1:${port}`, proc });
    });
    proc.once('exit', (code) => reject(new Error(`child exited early (${code})`)));
  });
}

const call = (base: string, path: string, init: RequestInit & { auth?: string } = {}) =>
  fetch(`${base}${path}`, {
    ...init,
    headers: { Authorization: `Bearer ${init.auth ?? SECRET_KEY}`, ...(init.headers as object) },
  });

describe('local matcher across kill -9', () => {
  it('decides a match that the killed process had accepted but not finished', async () => {
    const dbFile = join(dir, 'local.db');
    const first = await startChild(dbFile, true);
    const enrollment = new FormData();
    enrollment.set('referenceId', 'person-a');
    enrollment.set('selfie', new Blob([readFileSync(PHOTOS.personA)]), 'reference.jpg');
    expect(
      (await call(first.base, '/v1/enrollments', { method: 'POST', body: enrollment })).status,
    ).toBe(201);
    const created = await call(first.base, '/v1/reverifications', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ referenceId: 'person-a', liveness: 'off' }),
    });
    const session = (await created.json()) as { id: string; clientToken: string };
    const form = new FormData();
    form.set('image', new Blob([(await variantsOfA()).shift as Buffer]), 'selfie.jpg');
    const upload = await call(first.base, `/v1/reverifications/${session.id}/capture`, {
      method: 'POST',
      auth: session.clientToken,
      headers: { Origin: 'http://restart.test' },
      body: form,
    });
    expect(upload.status).toBe(201);
    first.proc.kill('SIGKILL');
    await new Promise((resolve) => first.proc.once('exit', resolve));

    const second = await startChild(dbFile, false);
    await expect
      .poll(
        async () =>
          (
            (await (await call(second.base, `/v1/reverifications/${session.id}`)).json()) as {
              status: string;
            }
          ).status,
        { timeout: 30_000, interval: 100 },
      )
      .toBe('completed');
    const done = (await (await call(second.base, `/v1/reverifications/${session.id}`)).json()) as {
      decision: string;
      reasons: string[];
    };
    expect(done.decision).toBe('approved');
    expect(done.reasons).toContain('selfie_match');
  }, 90_000);
});
