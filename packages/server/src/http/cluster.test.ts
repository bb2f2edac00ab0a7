import {
  BatchCreatedSchema,
  BatchStatusSchema,
  UploadResponseSchema,
  WebhookPayloadSchema,
} from '@reverify/contract';
import { startVecuFake } from '@reverify/provider-fakes';
import { parse } from 'csv-parse/sync';
import { afterEach, describe, expect, it } from 'vitest';
import type { ReverifyHandlerOptions } from '../handler-options.js';
import type { Notifier } from '../plugin/notifier.js';
import { createVecuProvider } from '../providers/vecu/vecu-provider.js';
import { createPostgresStore } from '../store/postgres/postgres-store.js';
import { expectError } from '../testing/expect-error.js';
import { ORIGIN, readEvents, startTestServer, type TestServer } from '../testing/harness.js';
import { testPhoto } from '../testing/images.js';
import { freshPostgresDatabase } from '../testing/postgres.js';
import { uploadAndSettle } from '../testing/provider-flow.js';
import { startReceiver } from '../testing/webhook-receiver.js';

/** Two handler instances on one PostgreSQL database, as behind a load balancer. */
const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

/** A handler instance on the PostgreSQL database `connectionString`. */
async function startOn(
  connectionString: string,
  options: Partial<ReverifyHandlerOptions> = {},
): Promise<TestServer> {
  const store = await createPostgresStore({ connectionString, poolSize: 5 });
  const server = await startTestServer({ store, clock: () => new Date(), ...options });
  cleanups.push(async () => {
    await server.close();
    await store.close();
  });
  return server;
}

async function twoInstances(
  options: Partial<ReverifyHandlerOptions> = {},
): Promise<[TestServer, TestServer]> {
  const connectionString = await freshPostgresDatabase();
  return [await startOn(connectionString, options), await startOn(connectionString, options)];
}

/** Waits until `server` reads reverification `id` in `status`. */
async function untilStatus(server: TestServer, id: string, status: string): Promise<void> {
  await expect
    .poll(
      async () =>
        ((await (await server.call(`/v1/reverifications/${id}`)).json()) as { status: string })
          .status,
    )
    .toBe(status);
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
    await untilStatus(b, session.id, 'capturing');
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

  it('ends its streams when A shuts down; the browser resumes on B with Last-Event-ID', async () => {
    const [a, b] = await twoInstances();
    await enroll(a, 'cluster-drain');
    const session = await a.session({ referenceId: 'cluster-drain', sandboxOutcome: 'approved' });
    const path = `/v1/reverifications/${session.id}/events?token=${session.streamToken}`;
    const onA = readEvents(`${a.url}${path}`, { timeoutMs: 8000 });
    await untilStatus(b, session.id, 'capturing');
    const ready = (server: TestServer) => server.call('/v1/health/ready', { auth: null });
    expect((await ready(a)).status).toBe(200);
    const started = Date.now();
    const closing = a.handler.close();
    // The load balancer stops sending to A as soon as it closes; B stays ready.
    await expectError(await ready(a), 'not_ready');
    expect((await ready(b)).status).toBe(200);
    await closing;
    const first = await onA;
    // Ended by the shutdown, not by the 8 s timeout.
    expect(first.ended).toBe(true);
    expect(Date.now() - started).toBeLessThan(5000);
    expect(first.events.map((e) => e.data.status)).toEqual(['pending', 'capturing']);

    const onB = readEvents(`${b.url}${path}`, {
      lastEventId: first.events.at(-1)?.id as string,
      timeoutMs: 8000,
    });
    expect((await b.upload(session, await testPhoto(320, 240))).status).toBe(201);
    const resumed = await onB;
    expect(resumed.events.map((e) => e.data.status)).toEqual(['processing', 'completed']);
  });

  it("completes on B's provider webhook a match started on A (VECU-style fake, no polling)", async () => {
    const fake = await startVecuFake({ processingMs: 30 });
    cleanups.push(() => fake.close());
    fake.addReference('cluster-vecu');
    const provider = () =>
      createVecuProvider({
        baseUrl: fake.url,
        auth: { header: 'Authorization', value: `Bearer ${fake.apiKey}` },
        webhookSecret: fake.webhookSecret,
        pollScheduleMs: [60_000],
      });
    const connectionString = await freshPostgresDatabase();
    const a = await startOn(connectionString, { provider: provider() });
    const b = await startOn(connectionString, { provider: provider() });
    // The provider calls back the load balancer; here it reaches B only.
    fake.webhooks.url = `${b.url}/v1/providers/vecu/webhook`;
    // The VECU-style API holds the enrolled people itself.
    const session = await a.session({ referenceId: 'cluster-vecu' });
    expect(await uploadAndSettle(a, session, await testPhoto(320, 240))).toMatchObject({
      status: 'completed',
      decision: 'approved',
    });
    expect(fake.webhooks.sent.length).toBeGreaterThan(0);
    expect(fake.webhooks.sent.every((w) => w.status === 200)).toBe(true);
    expect(fake.log.filter((line) => line.startsWith('GET '))).toEqual([]);
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

  it('spends an upload token once across both, and replays its idempotency key on either', async () => {
    const [a, b] = await twoInstances();
    await enroll(a, 'cluster-upload');
    const photo = await testPhoto(320, 240);
    const session = await a.session({ referenceId: 'cluster-upload', sandboxOutcome: 'slow' });
    const first = await a.upload(session, photo, { idempotencyKey: 'cluster-key-0001' });
    expect(first.status).toBe(201);
    const { captureId } = UploadResponseSchema.parse(await first.json());
    // A client retrying through the load balancer reaches B: the same answer, no second capture.
    const replay = await b.upload(session, photo, { idempotencyKey: 'cluster-key-0001' });
    expect(replay.status).toBe(200);
    expect(UploadResponseSchema.parse(await replay.json()).captureId).toBe(captureId);
    await expectError(
      await b.upload(session, photo, { idempotencyKey: 'cluster-key-0002' }),
      'upload_already_used',
    );

    // Two different uploads at once, one per instance: one gets in.
    await enroll(a, 'cluster-race');
    const raced = await a.session({ referenceId: 'cluster-race', sandboxOutcome: 'slow' });
    const answers = await Promise.all([a.upload(raced, photo), b.upload(raced, photo)]);
    expect(answers.map((r) => r.status).sort()).toEqual([201, 409]);
    const refused = answers.find((r) => r.status === 409) as Response;
    await expectError(refused, 'upload_already_used');
  });

  it('counts rate limits across both instances (rate-limiter-flexible on PostgreSQL)', async () => {
    const [a, b] = await twoInstances({
      rateLimit: { perKey: { points: 4, durationSeconds: 60 } },
    });
    const statuses = [];
    for (const server of [a, b, a, b, a, b]) {
      statuses.push((await server.call('/v1/reverifications?limit=1')).status);
    }
    expect(statuses).toEqual([200, 200, 200, 200, 429, 429]);
    await expectError(await a.call('/v1/reverifications?limit=1'), 'rate_limited');
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

  it('shares a batch between both instances: every person invited once, reported once', async () => {
    // Each instance's messages, by address. A's first sends wait until B has sent one,
    // so both instances certainly work on the batch.
    const sent = { a: [] as string[], b: [] as string[] };
    let bSent: () => void = () => undefined;
    const bStarted = new Promise<void>((resolve) => {
      bSent = resolve;
    });
    const notifier = (name: 'a' | 'b'): Notifier => ({
      channels: ['email'],
      async send(message) {
        if (name === 'a') await bStarted;
        sent[name].push(message.to);
        if (name === 'b') bSent();
        return { messageId: `${name}-${sent[name].length}` };
      },
    });
    const connectionString = await freshPostgresDatabase();
    const start = (name: 'a' | 'b') =>
      startOn(connectionString, {
        handoff: { notifier: notifier(name) },
        batches: { concurrency: 2, pollIntervalMs: 100 },
      });
    const [a, b] = await Promise.all([start('a'), start('b')]);
    const people = Array.from({ length: 30 }, (_, i) => `batch-${i}`);
    for (const person of people) await enroll(a, person);
    const answer = await a.call('/v1/batches', {
      json: {
        records: people.map((referenceId) => ({
          referenceId,
          email: `${referenceId}@example.com`,
        })),
        sendMessage: true,
      },
    });
    expect(answer.status).toBe(202);
    const { statusUrl, reportUrl } = BatchCreatedSchema.parse(await answer.json());
    await expect
      .poll(async () => BatchStatusSchema.parse(await (await b.call(statusUrl)).json()), {
        timeout: 20_000,
        interval: 100,
      })
      .toMatchObject({ status: 'completed', recordsProcessed: 30, recordsFailed: 0 });

    expect(sent.a.length).toBeGreaterThan(0);
    expect(sent.b.length).toBeGreaterThan(0);
    expect([...sent.a, ...sent.b].sort()).toEqual(people.map((p) => `${p}@example.com`).sort());
    const rows: Record<string, string>[] = parse(await (await a.call(reportUrl)).text(), {
      columns: true,
    });
    expect(rows.map((row) => row.referenceId).sort()).toEqual([...people].sort());
    expect(new Set(rows.map((row) => row.reverificationId)).size).toBe(30);
  });
});
