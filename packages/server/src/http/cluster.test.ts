import { WebhookPayloadSchema } from '@reverify/contract';
import { afterEach, describe, expect, it } from 'vitest';
import type { ReverifyHandlerOptions } from '../handler-options.js';
import { createPostgresStore } from '../store/postgres/postgres-store.js';
import { expectError } from '../testing/expect-error.js';
import { ORIGIN, readEvents, startTestServer, type TestServer } from '../testing/harness.js';
import { testPhoto } from '../testing/images.js';
import { freshPostgresDatabase } from '../testing/postgres.js';
import { startReceiver } from '../testing/webhook-receiver.js';

/** Two handler instances on one PostgreSQL database, as behind a load balancer. */
const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function twoInstances(
  options: Partial<ReverifyHandlerOptions> = {},
): Promise<[TestServer, TestServer]> {
  const connectionString = await freshPostgresDatabase();
  const start = async () => {
    const store = await createPostgresStore({ connectionString, poolSize: 5 });
    const server = await startTestServer({ store, clock: () => new Date(), ...options });
    cleanups.push(async () => {
      await server.close();
      await store.close();
    });
    return server;
  };
  return [await start(), await start()];
}

async function enroll(server: TestServer, referenceId: string): Promise<void> {
  const response = await server.call('/v1/enrollments', {
    json: { referenceId, providerEnrollmentId: `p-${referenceId}` },
  });
  expect(response.status).toBe(201);
}

describe('two handler instances on one PostgreSQL', () => {
  it('streams to a browser on A the decision made on B (LISTEN/NOTIFY, re-read from the store)', async () => {
    const [a, b] = await twoInstances();
    await enroll(a, 'cluster-sse');
    const session = await a.session({ referenceId: 'cluster-sse', sandboxOutcome: 'approved' });
    const stream = readEvents(
      `${a.url}/v1/reverifications/${session.id}/events?token=${session.streamToken}`,
      { timeoutMs: 8000 },
    );
    // The stream on A is open (it marked the reverification capturing) before B decides.
    await expect
      .poll(
        async () =>
          ((await (await b.call(`/v1/reverifications/${session.id}`)).json()) as { status: string })
            .status,
      )
      .toBe('capturing');
    expect((await b.upload(session, await testPhoto(320, 240))).status).toBe(201);
    const { events, ended } = await stream;
    expect(ended).toBe(true);
    expect(events.map((e) => e.data.status)).toEqual([
      'pending',
      'capturing',
      'processing',
      'completed',
    ]);
    expect(events.at(-1)?.data.decision).toBe('approved');
  });

  it('refuses on B a handoff link already opened on A, and counts attempts across both', async () => {
    const [a, b] = await twoInstances({ attempts: { max: 3, windowSeconds: 3600 } });
    await enroll(a, 'cluster-once');
    const session = await a.session({ referenceId: 'cluster-once' });
    const link = (await (
      await a.call(`/v1/reverifications/${session.id}/handoff`, { method: 'POST' })
    ).json()) as { url: string };
    const handoffToken = new URL(link.url).hash.slice(1);
    const open = (server: TestServer) =>
      server.call('/v1/client/handoff/open', {
        auth: null,
        origin: ORIGIN,
        json: { handoffToken },
      });
    expect((await open(a)).status).toBe(200);
    await expectError(await open(b), 'handoff_link_used');

    await b.session({ referenceId: 'cluster-once', restart: true });
    await a.session({ referenceId: 'cluster-once', restart: true });
    const limited = await b.call('/v1/reverifications', {
      json: { referenceId: 'cluster-once', restart: true },
    });
    await expectError(limited, 'too_many_attempts');
  });

  it('delivers 510 webhook events exactly once with both dispatchers running', async () => {
    const receiver = await startReceiver();
    cleanups.push(() => receiver.close());
    const secret = `whsec_${Buffer.alloc(32, 3).toString('base64')}`;
    const [a, b] = await twoInstances({
      webhooks: { endpoints: [{ url: receiver.url, secrets: [secret] }], pollIntervalMs: 50 },
      attempts: { max: 1000, windowSeconds: 3600 },
    });
    const photo = await testPhoto(320, 240);
    const people = Array.from({ length: 170 }, (_, i) => `hook-${i}`);
    // Created, uploaded and decided on either instance: 3 events each.
    for (let i = 0; i < people.length; i += 10) {
      await Promise.all(
        people.slice(i, i + 10).map(async (person, j) => {
          const [on, other] = j % 2 ? [a, b] : [b, a];
          await enroll(on, person);
          const session = await on.session({ referenceId: person, sandboxOutcome: 'approved' });
          expect((await other.upload(session, photo)).status).toBe(201);
        }),
      );
    }
    await expect
      .poll(() => receiver.requests.length, { timeout: 30_000, interval: 200 })
      .toBeGreaterThanOrEqual(510);
    await new Promise((resolve) => setTimeout(resolve, 500));
    const ids = receiver.requests.map((r) => r.id);
    expect(ids).toHaveLength(510);
    expect(new Set(ids).size).toBe(510);
    // Order per reverification holds: pending, processing, completed.
    const byReverification = new Map<string, string[]>();
    for (const request of receiver.requests) {
      const payload = WebhookPayloadSchema.parse(JSON.parse(request.body));
      const list = byReverification.get(payload.data.reverificationId) ?? [];
      list.push(payload.data.currentStatus);
      byReverification.set(payload.data.reverificationId, list);
    }
    for (const statuses of byReverification.values()) {
      expect(statuses).toEqual(['pending', 'processing', 'completed']);
    }
  }, 60_000);
});
