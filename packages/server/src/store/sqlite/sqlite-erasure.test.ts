import { existsSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ReverificationSession } from '@reverify/contract';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { fingerprints } from '../../testing/fingerprints.js';
import { startTestServer, type TestServer } from '../../testing/harness.js';
import { testPhoto } from '../../testing/images.js';
import type { ReverifyStore } from '../store.js';
import { createSqliteStore } from './sqlite-store.js';

const dir = mkdtempSync(join(tmpdir(), 'reverify-erasure-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

let server: TestServer | undefined;
let store: ReverifyStore | undefined;
afterEach(async () => {
  await server?.close();
  await store?.close();
  server = undefined;
  store = undefined;
});

const DATABASE_FILES = (filename: string) => [filename, `${filename}-wal`, `${filename}-shm`];

/** How many of `runs` any of the database files still contains. */
function runsOnDisk(filename: string, runs: readonly Buffer[]): number {
  const files = DATABASE_FILES(filename)
    .filter((file) => existsSync(file))
    .map((file) => readFileSync(file));
  return runs.filter((run) => files.some((file) => file.includes(run))).length;
}

async function serverOn(filename: string) {
  store = await createSqliteStore({ filename });
  server = await startTestServer({ store });
  return server;
}

/** Enrolls `referenceId` with a reference selfie and uploads a capture for it; returns both images as stored. */
async function storeBothImages(test: TestServer, referenceId: string) {
  const form = new FormData();
  form.set('referenceId', referenceId);
  form.set('selfie', new Blob([await testPhoto(640, 480)]), 'reference.jpg');
  expect((await test.call('/v1/enrollments', { body: form })).status).toBe(201);
  const session: ReverificationSession = await test.session({ referenceId });
  expect((await test.upload(session, await testPhoto(1280, 960))).status).toBe(201);
  const image = async (which: string) =>
    new Uint8Array(
      await (await test.call(`/v1/reverifications/${session.id}/images/${which}`)).arrayBuffer(),
    );
  return { session, reference: await image('reference'), capture: await image('capture') };
}

describe('deleted biometric data on disk', () => {
  it('leaves no byte run of the selfies in the database or its WAL after a deletion request', async () => {
    const filename = join(dir, 'delete', 'reverify.db');
    const test = await serverOn(filename);
    const { reference, capture } = await storeBothImages(test, 'erase-me');
    const runs = [...fingerprints(reference), ...fingerprints(capture)];
    // The check can fail: while stored, the images are on disk.
    expect(runsOnDisk(filename, runs)).toBe(runs.length);

    const deleted = await test.call('/v1/references/erase-me/biometric-data', {
      method: 'DELETE',
    });
    expect(deleted.status).toBe(200);
    expect(runsOnDisk(filename, runs)).toBe(0);
  });

  it('leaves no byte run of a capture on disk after retention purges it', async () => {
    const filename = join(dir, 'retention', 'reverify.db');
    const test = await serverOn(filename);
    const { session, capture } = await storeBothImages(test, 'sandbox_approved');
    const runs = fingerprints(capture);
    expect(runsOnDisk(filename, runs)).toBe(runs.length);
    await expect
      .poll(
        async () =>
          (
            (await (await test.call(`/v1/reverifications/${session.id}`)).json()) as {
              status: string;
            }
          ).status,
      )
      .toBe('completed');

    test.advance(24 * 3600 + 1);
    expect((await test.handler.sweep()).purged).toBe(1);
    expect(runsOnDisk(filename, runs)).toBe(0);
  });

  it('leaves no byte run of a replaced reference selfie after re-enrollment', async () => {
    const filename = join(dir, 'reenroll', 'reverify.db');
    const test = await serverOn(filename);
    const { reference } = await storeBothImages(test, 'reenrolled');
    const runs = fingerprints(reference);
    const form = new FormData();
    form.set('referenceId', 'reenrolled');
    form.set('selfie', new Blob([await testPhoto(800, 600)]), 'new-reference.jpg');
    expect((await test.call('/v1/enrollments', { body: form })).status).toBe(200);
    expect(runsOnDisk(filename, runs)).toBe(0);
  });
});

describe('database file permissions', () => {
  it('creates the data folder and every database file private to the user', async () => {
    const folder = join(dir, 'private', 'data');
    const filename = join(folder, 'reverify.db');
    store = await createSqliteStore({ filename });
    await store.transaction((tx) => tx.putTemplate('local', 'someone', new Uint8Array([1, 2, 3])));
    expect(statSync(folder).mode & 0o777).toBe(0o700);
    for (const file of DATABASE_FILES(filename)) {
      expect({ file, mode: statSync(file).mode & 0o777 }).toEqual({ file, mode: 0o600 });
    }
  });

  it('makes an existing world-readable database private when it opens it', async () => {
    const filename = join(dir, 'loose.db');
    const first = await createSqliteStore({ filename });
    await first.close();
    const { chmodSync } = await import('node:fs');
    chmodSync(filename, 0o644);
    store = await createSqliteStore({ filename });
    expect(statSync(filename).mode & 0o777).toBe(0o600);
  });
});
