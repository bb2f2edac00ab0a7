import { StreamEventSchema } from '@reverify/contract';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { expectError } from '../testing/expect-error.js';
import { readEvents, startTestServer, type TestServer } from '../testing/harness.js';
import { testPhoto } from '../testing/images.js';

let server: TestServer;
beforeEach(async () => {
  server = await startTestServer();
});
afterEach(async () => {
  await server.close();
});

const eventsUrl = (session: { id: string; streamToken: string }) =>
  `${server.url}/v1/reverifications/${session.id}/events?token=${session.streamToken}`;

describe('event stream', () => {
  it('streams every event once, in order, with ids, then closes after the decision', async () => {
    const session = await server.session({ referenceId: 'sandbox_approved' });
    const reading = readEvents(eventsUrl(session));
    // Upload only once the open stream has moved the reverification to capturing.
    await expect
      .poll(
        async () =>
          (
            (await (await server.call(`/v1/reverifications/${session.id}`)).json()) as {
              status: string;
            }
          ).status,
      )
      .toBe('capturing');
    await server.upload(session, await testPhoto(640, 480));
    const { events, ended, response } = await reading;
    expect(response.headers.get('Content-Type')).toContain('text/event-stream');
    expect(response.headers.get('Cache-Control')).toBe('no-store');
    expect(response.headers.get('X-Accel-Buffering')).toBe('no');
    expect(response.headers.get('X-Request-Id')).toMatch(/^req_/);
    expect(ended).toBe(true);
    expect(events.map((e) => [e.id, e.type, e.data.status])).toEqual([
      ['1', 'reverification.status_changed', 'pending'],
      ['2', 'reverification.status_changed', 'capturing'],
      ['3', 'reverification.status_changed', 'processing'],
      ['4', 'reverification.completed', 'completed'],
    ]);
    for (const event of events) StreamEventSchema.parse(event.data);
    expect(events[3]?.data).toMatchObject({
      decision: 'approved',
      previousStatus: 'processing',
      reasons: ['selfie_match', 'liveness_passed'],
    });
  });

  it('resumes after a drop with Last-Event-ID: nothing lost, nothing twice', async () => {
    const session = await server.session({ referenceId: 'sandbox_slow' });
    const first = await readEvents(eventsUrl(session), { stopAfter: 2 });
    expect(first.events.map((e) => e.id)).toEqual(['1', '2']);
    // Events happen while no client is connected.
    await server.upload(session, await testPhoto(640, 480));
    const second = await readEvents(eventsUrl(session), { lastEventId: '2' });
    expect(second.events.map((e) => e.id)).toEqual(['3', '4']);
    expect(second.events[1]?.data.decision).toBe('approved');
    expect(second.ended).toBe(true);
  });

  it('sends heartbeat comments while nothing happens', async () => {
    const session = await server.session({ referenceId: 'sandbox_expired' });
    const { comments, events } = await readEvents(eventsUrl(session), { stopAfterComments: 3 });
    expect(events.map((e) => e.data.status)).toEqual(['pending', 'capturing']);
    expect(comments.filter((c) => c.includes('heartbeat')).length).toBeGreaterThanOrEqual(2);
  });

  it('delivers the expiry found by the sweeper to a live stream', async () => {
    const session = await server.session({ referenceId: 'sandbox_expired', timeoutSeconds: 30 });
    const reading = readEvents(eventsUrl(session));
    await new Promise((r) => setTimeout(r, 50));
    server.advance(31);
    await server.handler.sweep();
    const { events, ended } = await reading;
    expect(ended).toBe(true);
    expect(events.at(-1)?.data).toMatchObject({
      type: 'reverification.expired',
      status: 'expired',
      reasons: ['expired'],
    });
  });

  it('serves the same events as JSON for polling clients', async () => {
    const session = await server.session({ referenceId: 'sandbox_approved' });
    const response = await server.call(`/v1/reverifications/${session.id}/events?after=1`, {
      auth: session.streamToken,
      headers: { Accept: 'application/json' },
    });
    const body = (await response.json()) as { events: unknown[] };
    expect(body.events.map((e) => StreamEventSchema.parse(e).status)).toEqual(['capturing']);
  });

  it('refuses a stream without a valid stream token', async () => {
    const session = await server.session({ referenceId: 'sandbox_approved' });
    const other = await server.session({ referenceId: 'sandbox_rejected' });
    await expectError(
      await fetch(`${server.url}/v1/reverifications/${session.id}/events`),
      'unauthorized',
    );
    await expectError(
      await fetch(
        `${server.url}/v1/reverifications/${session.id}/events?token=${other.streamToken}`,
      ),
      'forbidden',
    );
    await expectError(
      await fetch(
        `${server.url}/v1/reverifications/${session.id}/events?token=${session.streamToken}`,
        { headers: { 'Last-Event-ID': 'abc' } },
      ),
      'invalid_request',
    );
    server.advance(601);
    await expectError(await fetch(eventsUrl(session)), 'token_expired');
  });
});
