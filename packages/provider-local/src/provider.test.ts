import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ReverificationSchema } from '@reverify/contract';
import {
  createMemoryStore,
  createReverifyHandler,
  type ReverifyHandler,
  sanitizeImage,
} from '@reverify/server';
import { describeProviderConformance, providerTestContext } from '@reverify/server/testing';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLocalProvider } from './provider.js';
import { PHOTOS, requireMedia, twoFaces, variantsOfA } from './testing/faces.js';

requireMedia();
const guardDir = mkdtempSync(join(tmpdir(), 'reverify-guard-'));
const guardLog = join(guardDir, 'blocked.log');
process.env.NETWORK_GUARD_LOG = guardLog;
const guard = fileURLToPath(new URL('./testing/network-guard.mjs', import.meta.url));
afterAll(() => {
  // Every model and wasm file came from local disk: no worker tried to reach a network.
  expect(existsSync(guardLog) ? readFileSync(guardLog, 'utf8') : '').toBe('');
  rmSync(guardDir, { recursive: true, force: true });
});

describeProviderConformance('local', async () => {
  const variants = await variantsOfA();
  return {
    provider: createLocalProvider({ threads: 1, workerExecArgv: ['--import', guard] }),
    matching: {
      reference: await sanitizeImage(readFileSync(PHOTOS.personA)),
      selfie: await sanitizeImage(variants.shift as Buffer),
    },
    otherPerson: await sanitizeImage(readFileSync(PHOTOS.personB)),
  };
});

describe('local matcher through the handler', () => {
  let handler: ReverifyHandler;
  const store = createMemoryStore();
  beforeAll(async () => {
    handler = await createReverifyHandler({
      mode: 'production',
      secretKeys: ['sk_live_locallocallocallocallocallocal0'],
      provider: createLocalProvider({ threads: 2, workerExecArgv: ['--import', guard] }),
      store,
      allowedOrigins: ['http://app.test'],
      sweepIntervalMs: 0,
      rateLimit: false,
    });
  }, 60_000);
  afterAll(() => handler.close());

  const call = (path: string, init: RequestInit & { auth?: string } = {}) =>
    handler.fetch(
      new Request(`http://local.test${path}`, {
        ...init,
        headers: {
          Authorization: `Bearer ${init.auth ?? 'sk_live_locallocallocallocallocallocal0'}`,
          ...(init.headers as object),
        },
      }),
    );

  async function enroll(referenceId: string, photo: Buffer) {
    const form = new FormData();
    form.set('referenceId', referenceId);
    form.set('selfie', new Blob([photo]), 'reference.jpg');
    return call('/v1/enrollments', { method: 'POST', body: form });
  }

  async function reverify(referenceId: string, photo: Buffer) {
    const created = await call('/v1/reverifications', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      // The matcher alone: presence has its own tests (presence.test.ts).
      body: JSON.stringify({ referenceId, restart: true, liveness: 'off' }),
    });
    const session = (await created.json()) as { id: string; clientToken: string };
    const form = new FormData();
    form.set('image', new Blob([photo]), 'selfie.jpg');
    const upload = await call(`/v1/reverifications/${session.id}/capture`, {
      method: 'POST',
      auth: session.clientToken,
      headers: { Origin: 'http://app.test' },
      body: form,
    });
    if (upload.status !== 201) return { upload };
    for (;;) {
      const read = ReverificationSchema.parse(
        await (await call(`/v1/reverifications/${session.id}?details=true`)).json(),
      );
      if (read.status !== 'processing') return { upload, result: read };
      await new Promise((r) => setTimeout(r, 50));
    }
  }

  it('enrolls person A and approves every edited variant of A', async () => {
    expect((await enroll('person-a', readFileSync(PHOTOS.personA))).status).toBe(201);
    const variants = await variantsOfA();
    // One after another: a new reverification of the same person supersedes the active one.
    const results = [];
    for (const [name, photo] of Object.entries(variants))
      results.push([name, (await reverify('person-a', photo)).result] as const);
    for (const [name, result] of results) {
      expect(result?.decision, `${name}: score ${result?.details?.matchScore}`).toBe('approved');
      expect(result?.reasons).toEqual(['selfie_match', 'liveness_not_checked']);
    }
  }, 60_000);

  it('rejects another person, names no face and several faces', async () => {
    await enroll('person-a2', readFileSync(PHOTOS.personA));
    const other = await reverify('person-a2', readFileSync(PHOTOS.personB));
    expect(other.result?.decision).toBe('rejected');
    expect(other.result?.reasons).toEqual(['selfie_no_match', 'liveness_not_checked']);
    expect(other.result?.details?.matchScore).toBeLessThan(0.6);
    const cat = await reverify('person-a2', readFileSync(PHOTOS.noFace));
    expect(cat.result?.reasons).toEqual(['no_face', 'liveness_not_checked']);
    const group = await reverify('person-a2', await twoFaces());
    expect(group.result?.reasons).toEqual(['multiple_faces', 'liveness_not_checked']);
  }, 60_000);

  it('refuses an enrollment without exactly one face, and a corrupt upload', async () => {
    const noFace = await enroll('nobody', readFileSync(PHOTOS.noFace));
    expect(await noFace.json()).toMatchObject({ status: 'failure', failureReason: 'no_face' });
    const corrupt = await reverify(
      'person-a2',
      Buffer.concat([readFileSync(PHOTOS.personB).subarray(0, 5000)]),
    );
    expect(corrupt.upload.status).toBe(422);
    expect(((await corrupt.upload.json()) as { error: { code: string } }).error.code).toBe(
      'corrupt_image',
    );
  }, 60_000);

  it('deletes the template with the biometric data of a referenceId', async () => {
    await enroll('person-a3', readFileSync(PHOTOS.personA));
    expect(await store.transaction((tx) => tx.getTemplate('local', 'person-a3'))).toHaveLength(
      4096,
    );
    const deleted = await call('/v1/references/person-a3/biometric-data', { method: 'DELETE' });
    expect(((await deleted.json()) as { deleted: { templates: number } }).deleted.templates).toBe(
      1,
    );
    expect(await store.transaction((tx) => tx.getTemplate('local', 'person-a3'))).toBeNull();
    const after = await reverify('person-a3', (await variantsOfA()).crop as Buffer);
    expect(after.result?.status).toBe('failed');
  }, 60_000);

  it('answers 429 with Retry-After when the queue is full', async () => {
    const busy = createLocalProvider({
      threads: 1,
      maxQueue: 0,
      workerExecArgv: ['--import', guard],
    });
    const small = await sharp(PHOTOS.personA).resize(64).jpeg().toBuffer();
    await busy.start(providerTestContext());
    const running = busy.analyse(small);
    expect(() => busy.admit?.()).toThrow(/busy/);
    await running;
    await busy.close();
  }, 60_000);
});
