import { afterEach, describe, expect, it } from 'vitest';
import { expectError } from '../testing/expect-error.js';
import { ORIGIN, readEvents, startTestServer, type TestServer } from '../testing/harness.js';
import { testPhoto } from '../testing/images.js';

let server: TestServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

async function start(overrides: Parameters<typeof startTestServer>[0] = {}) {
  server = await startTestServer(overrides);
  return server;
}

/** A multipart request whose body does not match its boundary. */
const garbageMultipart = {
  body: '--not-the-boundary\r\nContent-Disposition: form-data; name="x"\r\n\r\n\u0000\u0001garbage',
  headers: { 'Content-Type': 'multipart/form-data; boundary=xyz' },
};

describe('malformed bodies get a typed 400', () => {
  it('refuses a capture whose multipart body does not parse, and keeps the token', async () => {
    const test = await start();
    const session = await test.session({ referenceId: 'sandbox_approved' });
    const response = await test.call(`/v1/reverifications/${session.id}/capture`, {
      auth: session.clientToken,
      origin: ORIGIN,
      ...garbageMultipart,
    });
    await expectError(response, 'invalid_request');
    // Nothing was spent: the real upload still works.
    expect((await test.upload(session, await testPhoto(320, 240))).status).toBe(201);
  });

  it('refuses an enrollment whose multipart body does not parse', async () => {
    const test = await start();
    await expectError(await test.call('/v1/enrollments', garbageMultipart), 'invalid_request');
  });

  it('refuses enrollment metadata that is not JSON, storing nothing', async () => {
    const test = await start();
    const form = new FormData();
    form.set('referenceId', 'bad-metadata');
    form.set('metadata', '{bad');
    form.set('selfie', new Blob([await testPhoto(320, 240)]), 'reference.jpg');
    const body = await expectError(
      await test.call('/v1/enrollments', { body: form }),
      'invalid_request',
    );
    expect(body.error.message).toContain('metadata');
    await expectError(
      await test.call('/v1/enrollments?referenceId=bad-metadata'),
      'enrollment_not_found',
    );
  });

  it('refuses a capture with two image parts', async () => {
    const test = await start();
    const session = await test.session({ referenceId: 'sandbox_approved' });
    const form = new FormData();
    const photo = new Blob([await testPhoto(320, 240)]);
    form.append('image', photo, 'a.jpg');
    form.append('image', photo, 'b.jpg');
    const response = await test.call(`/v1/reverifications/${session.id}/capture`, {
      auth: session.clientToken,
      origin: ORIGIN,
      body: form,
    });
    await expectError(response, 'invalid_request');
  });
});

describe('image minimum size', () => {
  it('refuses a 1×1 image with image_too_small before the upload token is spent', async () => {
    const test = await start();
    const session = await test.session({ referenceId: 'sandbox_approved' });
    const tiny = await testPhoto(1, 1, 'png');
    const body = await expectError(await test.upload(session, tiny), 'image_too_small');
    expect(body.error.details).toMatchObject({ width: 1, height: 1, minEdge: 128 });
    const narrow = await testPhoto(1000, 100);
    await expectError(await test.upload(session, narrow), 'image_too_small');
    expect((await test.upload(session, await testPhoto(320, 240))).status).toBe(201);
  });

  it('refuses a too-small reference selfie at enrollment', async () => {
    const test = await start();
    const form = new FormData();
    form.set('referenceId', 'tiny-reference');
    form.set('selfie', new Blob([await testPhoto(64, 64)]), 'reference.jpg');
    await expectError(await test.call('/v1/enrollments', { body: form }), 'image_too_small');
  });
});

describe('rate limits behind a proxy', () => {
  const spoofedFrom = (i: number) => ({ 'X-Forwarded-For': `10.66.${i}.1, 203.0.113.7` });

  it('limits by the right-most untrusted hop, whatever the client writes on the left', async () => {
    const test = await start({
      trustProxy: 1,
      rateLimit: { perIp: { points: 5, durationSeconds: 60 } },
    });
    const statuses = [];
    for (let i = 0; i < 7; i++) {
      statuses.push((await test.call('/v1/health', { headers: spoofedFrom(i) })).status);
    }
    expect(statuses).toEqual([200, 200, 200, 200, 200, 429, 429]);
    // Another client behind the same proxy has its own budget.
    const other = await test.call('/v1/health', {
      headers: { 'X-Forwarded-For': '198.51.100.9' },
    });
    expect(other.status).toBe(200);
  });

  it('skips a list of trusted proxies to find the client', async () => {
    const test = await start({
      trustProxy: ['loopback', '192.0.2.10'],
      rateLimit: { perIp: { points: 2, durationSeconds: 60 } },
    });
    // client → 192.0.2.10 (a trusted proxy) → 127.0.0.1 (the socket, trusted).
    const via = (left: string) => ({ 'X-Forwarded-For': `${left}, 203.0.113.8, 192.0.2.10` });
    const statuses = [];
    for (const left of ['1.1.1.1', '2.2.2.2', '3.3.3.3']) {
      statuses.push((await test.call('/v1/health', { headers: via(left) })).status);
    }
    expect(statuses).toEqual([200, 200, 429]);
  });

  it('ignores X-Forwarded-For without trustProxy', async () => {
    const test = await start({ rateLimit: { perIp: { points: 2, durationSeconds: 60 } } });
    const statuses = [];
    for (let i = 0; i < 3; i++) {
      statuses.push((await test.call('/v1/health', { headers: spoofedFrom(i) })).status);
    }
    expect(statuses).toEqual([200, 200, 429]);
  });
});

describe('response headers', () => {
  it('mints its own request id unless the caller sent a well-formed one', async () => {
    const test = await start();
    const idOf = async (sent: string) =>
      (await test.call('/v1/health', { headers: { 'X-Request-Id': sent } })).headers.get(
        'X-Request-Id',
      );
    expect(await idOf('3f2c9a1e-5b7d-4e2a-9c1f-0d8e7b6a5c4d')).toBe(
      '3f2c9a1e-5b7d-4e2a-9c1f-0d8e7b6a5c4d',
    );
    for (const bad of ['x', 'a'.repeat(65), 'req id with spaces', '<script>alert(1)</script>']) {
      expect(await idOf(bad)).toMatch(/^req_[A-Za-z0-9]{24}$/);
    }
  });

  it('marks every JSON answer nosniff and no-store, the session answer included', async () => {
    const test = await start();
    const created = await test.call('/v1/reverifications', {
      json: { referenceId: 'sandbox_approved' },
    });
    const missing = await test.call('/v1/reverifications/rv_0000000000000000notthere');
    for (const response of [created, missing, await test.call('/v1/health')]) {
      expect(response.headers.get('X-Content-Type-Options')).toBe('nosniff');
      expect(response.headers.get('Cache-Control')).toBe('no-store');
    }
  });
});

describe('event streams that are already complete', () => {
  it('answers 204 to a resume at the last event of a settled reverification, so EventSource stops', async () => {
    const test = await start();
    const session = await test.session({ referenceId: 'sandbox_approved' });
    const url = `${test.url}/v1/reverifications/${session.id}/events?token=${session.streamToken}`;
    expect((await test.upload(session, await testPhoto(320, 240))).status).toBe(201);
    const all = await readEvents(url);
    expect(all.ended).toBe(true);
    const last = all.events.at(-1);
    expect(last?.data.status).toBe('completed');
    const resumed = await fetch(url, { headers: { 'Last-Event-ID': String(last?.id) } });
    expect(resumed.status).toBe(204);
    expect(await resumed.text()).toBe('');
    // A resume before the end still gets the rest, then the stream closes.
    const rest = await readEvents(url, { lastEventId: '1' });
    expect(rest.ended).toBe(true);
    expect(rest.events.at(-1)?.data.status).toBe('completed');
  });
});

describe('a spent client token', () => {
  it('still follows its decision until it expires, but uploads and hands off nothing more', async () => {
    const test = await start();
    const session = await test.session({ referenceId: 'sandbox_approved' });
    expect((await test.upload(session, await testPhoto(320, 240))).status).toBe(201);

    const reopened = await test.call('/v1/client/session', {
      method: 'POST',
      auth: session.clientToken,
      origin: ORIGIN,
    });
    expect(reopened.status).toBe(200);
    const { streamToken } = (await reopened.json()) as { streamToken: string };
    const events = await readEvents(
      `${test.url}/v1/reverifications/${session.id}/events?token=${streamToken}`,
    );
    expect(events.events.at(-1)?.data.decision).toBe('approved');

    await expectError(await test.upload(session, await testPhoto(320, 240)), 'upload_already_used');
    const handoff = await test.call('/v1/client/handoff', {
      method: 'POST',
      auth: session.clientToken,
      origin: ORIGIN,
    });
    await expectError(handoff, 'upload_already_used');

    test.advance(601);
    await expectError(
      await test.call('/v1/client/session', {
        method: 'POST',
        auth: session.clientToken,
        origin: ORIGIN,
      }),
      'token_expired',
    );
  });
});
