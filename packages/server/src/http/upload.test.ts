import {
  ClientSessionSchema,
  ReverificationSchema,
  UploadResponseSchema,
} from '@reverify/contract';
import sharp from 'sharp';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { expectError } from '../testing/expect-error.js';
import { startTestServer, type TestServer } from '../testing/harness.js';
import { pngDeclaring, testPhoto } from '../testing/images.js';

let server: TestServer;
let photo: Buffer;
beforeEach(async () => {
  server = await startTestServer();
  photo = await testPhoto(1280, 960);
});
afterEach(async () => {
  await server.close();
});

const checks = JSON.stringify({
  faceCount: 1,
  faceSize: 0.4,
  offsetX: 0,
  offsetY: 0.02,
  brightness: 128,
  backlight: 3,
  sharpness: 180,
  yaw: 2,
  roll: -1,
  stability: 0.01,
});

async function waitForStatus(id: string, status: string) {
  for (let i = 0; i < 100; i++) {
    const read = ReverificationSchema.parse(
      await (await server.call(`/v1/reverifications/${id}?details=true`)).json(),
    );
    if (read.status === status) return read;
    await new Promise((r) => setTimeout(r, 20));
  }
  throw new Error(`never reached ${status}`);
}

describe('capture upload', () => {
  it('accepts one capture, stores a sanitized JPEG and reaches the sandbox decision', async () => {
    const session = await server.session({ referenceId: 'sandbox_rejected' });
    const response = await server.upload(session, photo, { checks });
    expect(response.status).toBe(201);
    const body = UploadResponseSchema.parse(await response.json());
    expect(body).toMatchObject({
      reverificationId: session.id,
      status: 'processing',
      image: { format: 'jpeg', width: 1280, height: 960 },
    });
    const done = await waitForStatus(session.id, 'completed');
    expect(done).toMatchObject({
      decision: 'rejected',
      reasons: ['selfie_no_match', 'liveness_passed'],
    });
    expect(done.details?.matchScore).toBe(0.21);
    expect(done.details?.providerReference).toMatch(/^sbxm_/);
  });

  it.each([
    ['approved', 'approved'],
    ['manual_review', 'manual_review'],
  ])('honours the per-session sandbox outcome %s', async (outcome, decision) => {
    const session = await server.session({
      referenceId: 'sandbox_approved',
      sandboxOutcome: outcome,
    });
    await server.upload(session, photo);
    expect((await waitForStatus(session.id, 'completed')).decision).toBe(decision);
  });

  it('fails the reverification when the provider fails', async () => {
    const session = await server.session({ referenceId: 'sandbox_failed' });
    await server.upload(session, photo);
    expect((await waitForStatus(session.id, 'failed')).reasons).toEqual(['provider_error']);
  });

  it('answers an identical retry (same Idempotency-Key) with the first result, and refuses any other second upload', async () => {
    const session = await server.session({ referenceId: 'sandbox_slow' });
    const first = await server.upload(session, photo, { idempotencyKey: 'retry-key-0001' });
    expect(first.status).toBe(201);
    const firstBody = UploadResponseSchema.parse(await first.json());
    const retry = await server.upload(session, photo, { idempotencyKey: 'retry-key-0001' });
    expect(retry.status).toBe(200);
    expect(UploadResponseSchema.parse(await retry.json()).captureId).toBe(firstBody.captureId);
    await expectError(
      await server.upload(session, photo, { idempotencyKey: 'another-key-002' }),
      'upload_already_used',
    );
    await expectError(await server.upload(session, photo), 'upload_already_used');
  });

  it('lets only one of two concurrent uploads in', async () => {
    const session = await server.session({ referenceId: 'sandbox_approved' });
    const results = await Promise.all([
      server.upload(session, photo),
      server.upload(session, photo),
    ]);
    expect(results.map((r) => r.status).sort()).toEqual([201, 409]);
  });

  it('refuses abusive uploads with typed errors and keeps the session usable', async () => {
    const session = await server.session({ referenceId: 'sandbox_approved' });
    await expectError(await server.upload(session, new Uint8Array()), 'corrupt_image');
    await expectError(
      await server.upload(session, photo.subarray(0, photo.length / 2)),
      'corrupt_image',
    );
    await expectError(
      await server.upload(session, pngDeclaring(20_000, 20_000)),
      'image_too_large',
    );
    await expectError(
      await server.upload(session, Buffer.from('GIF89a<script>alert(1)</script>')),
      'unsupported_media_type',
    );
    await expectError(
      await server.upload(session, Buffer.concat([photo, Buffer.alloc(11 * 1024 * 1024)])),
      'payload_too_large',
    );
    await expectError(
      await server.upload(session, photo, { checks: '{"faceCount":' }),
      'invalid_request',
    );
    await expectError(
      await server.upload(session, photo, { checks: '{"faceCount":-1}' }),
      'invalid_request',
    );
    await expectError(
      await server.call(`/v1/reverifications/${session.id}/capture`, {
        auth: session.clientToken,
        origin: 'http://app.test',
        body: photo,
        headers: { 'Content-Type': 'image/jpeg' },
      }),
      'unsupported_media_type',
    );
    await expectError(
      await server.call(`/v1/reverifications/${session.id}/capture`, {
        auth: session.clientToken,
        origin: 'http://app.test',
        body: 'hello',
        headers: { 'Content-Type': 'text/plain' },
      }),
      'unsupported_media_type',
    );
    // None of that spent the single-use token.
    expect((await server.upload(session, photo)).status).toBe(201);
  });

  it('strips a polyglot payload and EXIF from what it stores', async () => {
    const session = await server.session({ referenceId: 'sandbox_approved' });
    const tagged = await sharp(photo)
      .withExif({ IFD0: { Make: 'TrackerCam' } })
      .jpeg()
      .toBuffer();
    const polyglot = Buffer.concat([tagged, Buffer.from('<?php system($_GET["c"]); ?>')]);
    const response = await server.upload(session, polyglot);
    expect(response.status).toBe(201);
  });

  it('refuses token abuse', async () => {
    const mine = await server.session({ referenceId: 'sandbox_approved' });
    const theirs = await server.session({ referenceId: 'sandbox_rejected' });
    await expectError(await server.upload(mine, photo, { token: theirs.clientToken }), 'forbidden');
    await expectError(await server.upload(mine, photo, { token: mine.streamToken }), 'forbidden');
    await expectError(
      await server.upload(mine, photo, { token: 'rvc_unknownunknownunknownunknownunknown0' }),
      'unauthorized',
    );
    await expectError(
      await server.upload(mine, photo, { origin: 'http://evil.test' }),
      'origin_not_allowed',
    );
    await expectError(
      await server.call(`/v1/reverifications/${mine.id}/capture`, {
        auth: mine.clientToken,
        body: new FormData(),
      }),
      'origin_not_allowed',
    );
    await expectError(
      await server.call(`/v1/reverifications/${mine.id}`, { auth: mine.clientToken }),
      'unauthorized',
    );
    await expectError(
      await server.call(`/v1/reverifications/${mine.id}/events?token=${mine.clientToken}`, {
        auth: null,
      }),
      'forbidden',
    );
    server.advance(601);
    await expectError(await server.upload(mine, photo), 'token_expired');
  });
});

describe('client session', () => {
  it('turns a clientToken into the reverification id and a fresh stream token', async () => {
    const session = await server.session({ referenceId: 'sandbox_approved' });
    const response = await server.call('/v1/client/session', {
      method: 'POST',
      auth: session.clientToken,
      origin: 'http://app.test',
    });
    expect(response.status).toBe(200);
    const body = ClientSessionSchema.parse(await response.json());
    expect(body).toMatchObject({
      reverificationId: session.id,
      referenceId: 'sandbox_approved',
      status: 'pending',
      tokensExpireAt: session.tokensExpireAt,
    });
    expect(body.streamToken).not.toBe(session.streamToken);
    const events = await server.call(`/v1/reverifications/${session.id}/events`, {
      auth: body.streamToken,
      headers: { Accept: 'application/json' },
    });
    expect(events.status).toBe(200);
  });

  it('refuses stream tokens, unknown and expired tokens, and foreign origins', async () => {
    const session = await server.session({ referenceId: 'sandbox_approved' });
    const open = (auth: string, origin = 'http://app.test') =>
      server.call('/v1/client/session', { method: 'POST', auth, origin });
    await expectError(await open(session.streamToken), 'forbidden');
    await expectError(await open('rvc_unknownunknownunknownunknownunknown0'), 'unauthorized');
    await expectError(await open(session.clientToken, 'http://evil.test'), 'origin_not_allowed');
    server.advance(601);
    await expectError(await open(session.clientToken), 'token_expired');
  });
});
