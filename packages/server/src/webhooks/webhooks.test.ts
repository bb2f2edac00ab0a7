import {
  WebhookDeliverySchema,
  WebhookEndpointHealthSchema,
  WebhookPayloadSchema,
} from '@reverify/contract';
import { Webhook } from 'standardwebhooks';
import { afterEach, describe, expect, it } from 'vitest';
import { createReverifyHandler } from '../handler.js';
import { ReverifyConfigError } from '../plugin/errors.js';
import { createMemoryStore } from '../store/memory/memory-store.js';
import type { ReverifyStore } from '../store/store.js';
import { expectError } from '../testing/expect-error.js';
import { SECRET_KEY, startTestServer, type TestServer } from '../testing/harness.js';
import { testPhoto } from '../testing/images.js';
import { type ReceiverBehaviour, startReceiver } from '../testing/webhook-receiver.js';
import { newWebhookSecret } from './endpoints.js';
import { verifyWebhook, WebhookVerificationError } from './verify.js';

const SECRET_A = newWebhookSecret();
const SECRET_B = newWebhookSecret();
const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function setup(behave?: (index: number) => ReceiverBehaviour, schedule = [0.05, 0.1, 0.2]) {
  const receiver = await startReceiver(behave);
  const store = createMemoryStore();
  const server = await startTestServer({
    store,
    clock: () => new Date(),
    webhooks: {
      endpoints: [{ url: receiver.url, secrets: [SECRET_A, SECRET_B] }],
      retrySchedule: schedule,
      attemptTimeoutMs: 300,
      pollIntervalMs: 40,
    },
  });
  cleanups.push(
    () => receiver.close(),
    () => server.close(),
  );
  return { receiver, store, server };
}

async function until(check: () => boolean | Promise<boolean>, timeoutMs = 10_000): Promise<void> {
  const started = Date.now();
  while (!(await check())) {
    if (Date.now() - started > timeoutMs) throw new Error('condition not reached');
    await new Promise((r) => setTimeout(r, 25));
  }
}

let people = 0;

/** Enrolls a new person and runs one reverification to the sandbox `outcome`; returns its id. */
async function decide(server: TestServer, outcome = 'approved'): Promise<string> {
  const referenceId = `person-${++people}`;
  await server.call('/v1/enrollments', {
    json: { referenceId, providerEnrollmentId: `p-${referenceId}` },
  });
  const session = await server.session({ referenceId, sandboxOutcome: outcome });
  const uploaded = await server.upload(session, await testPhoto(320, 240));
  expect(uploaded.status, await uploaded.clone().text()).toBe(201);
  return session.id;
}

/** Whether `count` deliveries exist and none is pending. */
async function settledAll(store: ReverifyStore, count: number): Promise<boolean> {
  const all = await store.transaction((tx) => tx.listDeliveries({ limit: 10_000 }));
  return all.length >= count && all.every((d) => d.status !== 'pending');
}

async function settled(store: ReverifyStore): Promise<boolean> {
  const pending = await store.transaction((tx) =>
    tx.listDeliveries({ status: 'pending', limit: 1 }),
  );
  return pending.length === 0;
}

describe('outbound webhooks', () => {
  it('delivers every lifecycle event, signed with both secrets, as the Standard Webhooks library verifies', async () => {
    const { receiver, store, server } = await setup();
    const id = await decide(server);
    await until(() => receiver.requests.length >= 3 && settled(store));
    const bodies = receiver.requests.map((r) => WebhookPayloadSchema.parse(JSON.parse(r.body)));
    expect(bodies.map((b) => [b.eventType, b.data.currentStatus])).toEqual([
      ['reverification.status_changed', 'pending'],
      ['reverification.status_changed', 'processing'],
      ['reverification.completed', 'completed'],
    ]);
    expect(bodies.every((b) => b.data.reverificationId === id)).toBe(true);
    expect(bodies[2]?.data).toMatchObject({
      decision: 'approved',
      previousStatus: 'processing',
      reasons: ['selfie_match', 'liveness_passed'],
    });
    for (const request of receiver.requests) {
      const headers = {
        'webhook-id': request.id,
        'webhook-timestamp': request.timestamp,
        'webhook-signature': request.signature,
      };
      expect(request.signature.split(' ')).toHaveLength(2);
      expect(new Webhook(SECRET_A).verify(request.body, headers)).toBeTruthy();
      expect(new Webhook(SECRET_B).verify(request.body, headers)).toBeTruthy();
      expect(JSON.parse(request.body).eventId).toBe(request.id);
      expect((await verifyWebhook({ body: request.body, headers }, SECRET_B)).eventId).toBe(
        request.id,
      );
    }
  });

  it('verifyWebhook refuses tampering, wrong secrets, stale timestamps and missing headers', async () => {
    const { receiver, server } = await setup();
    await decide(server);
    await until(() => receiver.requests.length >= 1);
    const request = receiver.requests[0] as NonNullable<(typeof receiver.requests)[0]>;
    const headers = {
      'webhook-id': request.id,
      'webhook-timestamp': request.timestamp,
      'webhook-signature': request.signature,
    };
    const fails = (body: string, h: Record<string, string>, secret = SECRET_A) =>
      expect(verifyWebhook({ body, headers: h }, secret)).rejects.toBeInstanceOf(
        WebhookVerificationError,
      );
    await fails(request.body.replace('pending', 'completed'), headers);
    await fails(request.body, headers, newWebhookSecret());
    await fails(request.body, {
      ...headers,
      'webhook-timestamp': String(Math.floor(Date.now() / 1000) - 600),
    });
    await fails(request.body, { 'webhook-id': request.id });
    await fails(request.body, { ...headers, 'webhook-id': 'evt_someoneelse0000000000' });
    const asRequest = new Request('http://x/hook', { method: 'POST', body: request.body, headers });
    expect((await verifyWebhook(asRequest, [newWebhookSecret(), SECRET_A])).eventId).toBe(
      request.id,
    );
  });

  it('survives a chaos receiver: every event delivered or dead-lettered, retries keep their webhook-id, order kept per reverification', async () => {
    const chaos: ReceiverBehaviour[] = [
      { status: 500 },
      { hang: true },
      { status: 200, slowBody: true },
      { status: 503 },
      { status: 429, retryAfter: '0' },
      { status: 200, delayMs: 100 },
      { status: 204 },
      { status: 502 },
    ];
    const { receiver, store, server } = await setup(
      (index) => chaos[index % chaos.length] as ReceiverBehaviour,
    );
    const ids = await Promise.all(Array.from({ length: 6 }, () => decide(server, 'approved')));
    await until(() => settledAll(store, ids.length * 3), 20_000);
    const deliveries = await store.transaction((tx) => tx.listDeliveries({ limit: 1000 }));
    expect(deliveries).toHaveLength(ids.length * 3);
    expect(deliveries.every((d) => d.status === 'delivered' || d.status === 'dead')).toBe(true);
    expect(deliveries.filter((d) => d.status === 'delivered').length).toBeGreaterThan(ids.length);
    for (const delivery of deliveries) {
      const received = receiver.requests.filter((r) => r.id === delivery.eventId);
      expect(received.length, delivery.eventId).toBe(delivery.attempts);
    }
    for (const id of ids) {
      const acknowledged = receiver.requests
        .filter((r) => r.answered !== undefined && r.answered < 300)
        .map(
          (r) =>
            JSON.parse(r.body) as { data: { reverificationId: string; currentStatus: string } },
        )
        .filter((b) => b.data.reverificationId === id)
        .map((b) => b.data.currentStatus);
      const order = ['pending', 'processing', 'completed'];
      expect(acknowledged.map((s) => order.indexOf(s))).toEqual(
        [...acknowledged.map((s) => order.indexOf(s))].sort(),
      );
    }
  }, 30_000);

  it('honours Retry-After', async () => {
    const { receiver, store, server } = await setup((index) =>
      index === 0 ? { status: 429, retryAfter: '1' } : {},
    );
    await decide(server);
    await until(() => settledAll(store, 3));
    const [first, second] = receiver.requests;
    expect(second?.id).toBe(first?.id);
    expect((second?.receivedAt ?? 0) - (first?.receivedAt ?? 0)).toBeGreaterThanOrEqual(950);
  });

  it('dead-letters a 4xx at once and a 5xx after the schedule', async () => {
    const { receiver, store, server } = await setup(
      (index) => (index === 0 ? { status: 400 } : { status: 500 }),
      [0.02],
    );
    await decide(server);
    await until(() => settledAll(store, 3));
    const dead = await store.transaction((tx) => tx.listDeliveries({ status: 'dead', limit: 10 }));
    expect(dead.map((d) => [d.attempts, d.lastStatus])).toEqual([
      [1, 400],
      [2, 500],
      [2, 500],
    ]);
    expect(receiver.requests).toHaveLength(5);
  });

  it('disables an endpoint on 410 Gone, dead-letters its queue, and replays through the operations API', {
    timeout: 20_000,
  }, async () => {
    let gone = true;
    const { receiver, store, server } = await setup(() => (gone ? { status: 410 } : {}));
    await decide(server);
    await until(() => settledAll(store, 3));
    const health = (await (await server.call('/v1/webhooks/endpoints')).json()) as {
      endpoints: unknown[];
    };
    const [endpoint] = health.endpoints.map((e: unknown) => WebhookEndpointHealthSchema.parse(e));
    expect(endpoint).toMatchObject({
      status: 'disabled',
      lastStatus: 410,
      pending: 0,
      deadLettered: 3,
    });
    const letters = (await (await server.call('/v1/webhooks/dead-letters')).json()) as {
      deliveries: { eventId: string }[];
    };
    expect(letters.deliveries.map((d: unknown) => WebhookDeliverySchema.parse(d).status)).toEqual([
      'dead',
      'dead',
      'dead',
    ]);

    gone = false;
    const first = letters.deliveries[0]?.eventId ?? '';
    const one = await server.call('/v1/webhooks/dead-letters/replay', { json: { eventId: first } });
    expect(await one.json()).toEqual({ replayed: 1 });
    await until(() => settled(store));
    expect(receiver.requests.filter((r) => r.id === first && r.answered === 204)).toHaveLength(1);
    const rest = await server.call('/v1/webhooks/dead-letters/replay', { json: { all: true } });
    expect(await rest.json()).toEqual({ replayed: 2 });
    await until(() => settled(store));
    const after = WebhookEndpointHealthSchema.parse(
      ((await (await server.call('/v1/webhooks/endpoints')).json()) as { endpoints: unknown[] })
        .endpoints[0],
    );
    expect(after).toMatchObject({ status: 'active', deadLettered: 0, consecutiveFailures: 0 });
    await expectError(
      await server.call('/v1/webhooks/dead-letters/replay', { json: { eventId: first } }),
      'webhook_event_not_found',
    );
    await expectError(
      await server.call('/v1/webhooks/dead-letters/replay', { json: { everything: 1 } }),
      'invalid_request',
    );
  });

  it('sends a signed test event on request', async () => {
    const { receiver, store, server } = await setup();
    const [endpoint] = (
      (await (await server.call('/v1/webhooks/endpoints')).json()) as {
        endpoints: { id: string }[];
      }
    ).endpoints;
    const sent = await server.call(`/v1/webhooks/endpoints/${endpoint?.id}/test`, {
      method: 'POST',
    });
    expect(sent.status).toBe(202);
    const { eventId } = (await sent.json()) as { eventId: string };
    await until(
      async () => (await settled(store)) && receiver.requests.some((r) => r.id === eventId),
    );
    const request = receiver.requests.find((r) => r.id === eventId);
    const payload = await verifyWebhook(
      {
        body: request?.body ?? '',
        headers: {
          'webhook-id': request?.id ?? '',
          'webhook-timestamp': request?.timestamp ?? '',
          'webhook-signature': request?.signature ?? '',
        },
      },
      SECRET_A,
    );
    expect(payload.eventType).toBe('webhook.test');
    await expectError(
      await server.call('/v1/webhooks/endpoints/we_0000000000000000/test', { method: 'POST' }),
      'webhook_endpoint_not_found',
    );
    await expectError(await server.call('/v1/webhooks/endpoints', { auth: null }), 'unauthorized');
  });

  it('refuses bad webhook configuration at start-up', async () => {
    const make = (webhooks: object) =>
      createReverifyHandler({
        mode: 'sandbox',
        secretKeys: [SECRET_KEY],
        store: createMemoryStore(),
        sweepIntervalMs: 0,
        webhooks: webhooks as never,
      });
    await expect(
      make({ endpoints: [{ url: 'http://127.0.0.1/h', secrets: ['short'] }] }),
    ).rejects.toBeInstanceOf(ReverifyConfigError);
    await expect(
      make({ endpoints: [{ url: 'ftp://x/h', secrets: [SECRET_A] }] }),
    ).rejects.toBeInstanceOf(ReverifyConfigError);
    await expect(
      make({
        endpoints: [
          { url: 'http://x/h', secrets: [SECRET_A] },
          { url: 'http://x/h', secrets: [SECRET_B] },
        ],
      }),
    ).rejects.toBeInstanceOf(ReverifyConfigError);
    await expect(
      make({ endpoints: [{ url: 'http://x/h', secrets: [SECRET_A, SECRET_B, SECRET_A] }] }),
    ).rejects.toBeInstanceOf(ReverifyConfigError);
    await expect(make({ endpoints: [], retrySchedule: Array(13).fill(1) })).rejects.toBeInstanceOf(
      ReverifyConfigError,
    );
  });
});
