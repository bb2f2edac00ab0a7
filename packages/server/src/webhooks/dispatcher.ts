import type {
  ReplayRequest,
  StreamEvent,
  WebhookDelivery,
  WebhookEndpointHealth,
} from '@reverify/contract';
import { Webhook } from 'standardwebhooks';
import { Agent, request } from 'undici';
import type { EventOutbox } from '../core/context.js';
import { newId } from '../core/ids.js';
import { ReverifyError } from '../plugin/errors.js';
import type { Logger } from '../plugin/logger.js';
import { signHmac } from '../providers/vecu/vecu-signature.js';
import type {
  DeliveryRecord,
  EndpointStateRecord,
  ReverifyStore,
  StoreTransaction,
} from '../store/store.js';
import type { WebhookEndpoint } from './endpoints.js';
import { type AttemptHealth, foldHealth } from './health.js';
import { outboxRows } from './outbox.js';
import { publicOnlyLookup } from './public-address.js';
import { classifyAttempt, nextAttemptDelayMs, parseRetryAfter } from './schedule.js';

/** What the dispatcher needs; assembled by `createReverifyHandler`. */
export interface DispatcherConfig {
  readonly store: ReverifyStore;
  readonly endpoints: readonly WebhookEndpoint[];
  /** Seconds between attempts; its length is the number of retries. */
  readonly schedule: readonly number[];
  /** Milliseconds one attempt may take, headers and all. */
  readonly attemptTimeoutMs: number;
  /** Deliveries in flight at once. */
  readonly concurrency: number;
  /** Milliseconds between polls of the outbox (commits also wake it). */
  readonly intervalMs: number;
  /** Connect only to public addresses, checked after DNS at every attempt (DNS rebinding). */
  readonly publicOnly: boolean;
  readonly clock: () => Date;
  readonly logger: Logger;
}

const FRESH_STATE = (id: string): EndpointStateRecord => ({
  id,
  disabledAt: null,
  consecutiveFailures: 0,
  lastSuccessAt: null,
  lastFailureAt: null,
  lastStatus: null,
});

/** Moves every pending delivery of a disabled endpoint to the dead letters. */
async function deadLetterPending(
  tx: StoreTransaction,
  endpointId: string,
  at: string,
): Promise<void> {
  for (const pending of await tx.listDeliveries({
    status: 'pending',
    endpointId,
    limit: 100_000,
  })) {
    await tx.updateDelivery({
      ...pending,
      status: 'dead',
      nextAttemptAt: null,
      lastError: 'endpoint disabled (410 Gone)',
      updatedAt: at,
    });
  }
}

/** An id for the test event's placeholder reverification. */
const TEST_REVERIFICATION_ID = `rv_${'0'.repeat(24)}`;

/**
 * Delivers the transactional outbox: claims due deliveries with a lease (so
 * a crash mid-attempt only delays them), signs them with the Standard
 * Webhooks scheme (one signature per active secret, the same `webhook-id`
 * on every attempt), retries on network errors, timeouts, 408, 429 and 5xx
 * along the schedule (honouring `Retry-After`), disables an endpoint that
 * answers 410, dead-letters what cannot be delivered, and keeps each
 * reverification's events in order per endpoint.
 */
export class WebhookDispatcher implements EventOutbox {
  readonly #config: DispatcherConfig;
  readonly #endpoints: Map<string, WebhookEndpoint>;
  #timer: ReturnType<typeof setInterval> | undefined;
  #running: Promise<void> | null = null;
  #again = false;
  #stopped = false;
  /** The webhook connections; with `publicOnly` they reach public addresses only. */
  readonly #agent: Agent;

  constructor(config: DispatcherConfig) {
    this.#config = config;
    this.#agent = new Agent(config.publicOnly ? { connect: { lookup: publicOnlyLookup() } } : {});
    this.#endpoints = new Map(config.endpoints.map((endpoint) => [endpoint.id, endpoint]));
  }

  /** The outbox rows of one lifecycle event: one per endpoint. */
  rowsFor(event: StreamEvent, at: string): DeliveryRecord[] {
    return outboxRows(event, [...this.#endpoints.values()], at);
  }

  /** A transaction that wrote outbox rows committed: deliver them now. */
  committed(): void {
    this.wake();
  }

  /** Starts polling the outbox. */
  start(): void {
    if (this.#endpoints.size === 0) return;
    this.#timer = setInterval(() => this.wake(), this.#config.intervalMs);
    this.#timer.unref();
    this.wake();
  }

  /** Stops polling and waits for attempts in flight. */
  async stop(): Promise<void> {
    this.#stopped = true;
    clearInterval(this.#timer);
    await this.#running;
    await this.#agent.close();
  }

  /** Runs a dispatch pass now (or right after the current one). */
  wake(): void {
    if (this.#stopped || this.#endpoints.size === 0) return;
    if (this.#running) {
      this.#again = true;
      return;
    }
    this.#running = this.dispatch()
      .catch((error: unknown) =>
        this.#config.logger.error({ error: String(error) }, 'webhook dispatch failed'),
      )
      .then(() => {
        this.#running = null;
        if (this.#again) {
          this.#again = false;
          this.wake();
        }
      });
  }

  /** One pass: claim what is due, attempt it, record the outcomes; repeats while batches come back full. */
  async dispatch(): Promise<number> {
    let attempted = 0;
    for (;;) {
      const now = this.#config.clock();
      const claimed = await this.#config.store.transaction(async (tx) => {
        // Inside the work: a store may run it again after a serialization failure.
        const disabled: string[] = [];
        for (const id of this.#endpoints.keys()) {
          if (!(await tx.getEndpointState(id))?.disabledAt) continue;
          disabled.push(id);
          // Events written after the endpoint was disabled join the dead letters too (replay re-enables).
          await deadLetterPending(tx, id, now.toISOString());
        }
        const due = await tx.dueDeliveries(now.toISOString(), this.#config.concurrency, disabled);
        const lease = new Date(now.getTime() + this.#config.attemptTimeoutMs + 1000).toISOString();
        const leased = due.map((d) => ({
          ...d,
          attempts: d.attempts + 1,
          nextAttemptAt: lease,
          updatedAt: now.toISOString(),
        }));
        for (const delivery of leased) await tx.updateDelivery(delivery);
        return leased;
      });
      const finished = await Promise.all(claimed.map((delivery) => this.#attempt(delivery)));
      await this.#recordHealth(finished.filter((attempt) => attempt !== null));
      attempted += claimed.length;
      if (claimed.length < this.#config.concurrency || this.#stopped) return attempted;
    }
  }

  /**
   * One health write per endpoint for a pass's attempts, apart from their
   * outcomes: every attempt on every instance touches this one row, and a
   * conflict on it must not undo (and so repeat) a delivery.
   */
  async #recordHealth(attempts: readonly AttemptHealth[]): Promise<void> {
    const endpoints = [...new Set(attempts.map((attempt) => attempt.endpointId))];
    if (endpoints.length === 0) return;
    await this.#config.store
      .transaction(async (tx) => {
        for (const id of endpoints) {
          const state = (await tx.getEndpointState(id)) ?? FRESH_STATE(id);
          const own = attempts.filter((attempt) => attempt.endpointId === id);
          await tx.putEndpointState(foldHealth(state, own));
        }
      })
      .catch((error: unknown) =>
        this.#config.logger.warn(
          { endpointIds: endpoints, error: String(error) },
          'webhook endpoint health not updated',
        ),
      );
  }

  /** Attempts one delivery and records its outcome; answers what its endpoint's health should count (`null` for a 410, recorded with the disabling). */
  async #attempt(delivery: DeliveryRecord): Promise<AttemptHealth | null> {
    const endpoint = this.#endpoints.get(delivery.endpointId);
    let status: number | null = null;
    let retryAfter: number | null = null;
    let error: string | null = null;
    if (endpoint) {
      const signedAt = new Date();
      const unixSeconds = String(Math.floor(signedAt.getTime() / 1000));
      try {
        // undici's request, not fetch: no WHATWG Request/Headers/stream objects per
        // attempt (several times fewer allocations and CPU); it follows no redirect.
        const response = await request(endpoint.url, {
          dispatcher: this.#agent,
          method: 'POST',
          signal: AbortSignal.timeout(this.#config.attemptTimeoutMs),
          headers: {
            'Content-Type': 'application/json',
            'User-Agent': 'Reverify-Webhooks/1',
            'webhook-id': delivery.eventId,
            'webhook-timestamp': unixSeconds,
            'webhook-signature': endpoint.secrets
              .map((secret) =>
                new Webhook(secret).sign(delivery.eventId, signedAt, delivery.payload),
              )
              .join(' '),
            ...(endpoint.format === 'vecu'
              ? {
                  'X-Timestamp': unixSeconds,
                  'X-Signature': signHmac(
                    endpoint.secrets[0] as string,
                    {},
                    delivery.payload,
                    unixSeconds,
                  ),
                }
              : {}),
          },
          body: delivery.payload,
        });
        status = response.statusCode;
        const header = response.headers['retry-after'];
        retryAfter = parseRetryAfter(
          (Array.isArray(header) ? header[0] : header) ?? null,
          Date.now(),
        );
        // The status decides; a slow or endless body must not hold the attempt
        // (a body already received leaves its connection to the pool).
        response.body.on('error', () => undefined).destroy();
      } catch (cause) {
        const reason = (cause as Error & { cause?: Error })?.cause?.message;
        error =
          (cause as Error)?.name === 'TimeoutError'
            ? 'timeout'
            : `network: ${reason ?? (cause as Error)?.message ?? cause}`.slice(0, 200);
      }
    } else {
      error = 'endpoint no longer configured';
    }
    const outcome = endpoint ? classifyAttempt(status) : 'rejected';
    return this.#record(delivery, outcome, status, retryAfter, error);
  }

  async #record(
    delivery: DeliveryRecord,
    outcome: ReturnType<typeof classifyAttempt>,
    status: number | null,
    retryAfter: number | null,
    error: string | null,
  ): Promise<AttemptHealth | null> {
    const now = this.#config.clock();
    const at = now.toISOString();
    const delay =
      outcome === 'retry'
        ? nextAttemptDelayMs(delivery.attempts, this.#config.schedule, retryAfter, Math.random())
        : null;
    const dead =
      outcome === 'gone' || outcome === 'rejected' || (outcome === 'retry' && delay === null);
    const next: DeliveryRecord = {
      ...delivery,
      status: outcome === 'delivered' ? 'delivered' : dead ? 'dead' : 'pending',
      nextAttemptAt:
        outcome === 'retry' && delay !== null
          ? new Date(now.getTime() + delay).toISOString()
          : null,
      lastStatus: status,
      lastError:
        outcome === 'delivered'
          ? null
          : (error ?? (outcome === 'gone' ? 'endpoint answered 410 Gone' : `HTTP ${status}`)),
      updatedAt: at,
      deliveredAt: outcome === 'delivered' ? at : null,
    };
    const health: AttemptHealth = {
      endpointId: delivery.endpointId,
      delivered: outcome === 'delivered',
      status,
      at,
    };
    await this.#config.store.transaction(async (tx) => {
      await tx.updateDelivery(next);
      if (outcome === 'gone') {
        const state =
          (await tx.getEndpointState(delivery.endpointId)) ?? FRESH_STATE(delivery.endpointId);
        await tx.putEndpointState({ ...foldHealth(state, [health]), disabledAt: at });
        // Nothing may wait forever on a disabled endpoint: its pending deliveries go to the dead letters.
        await deadLetterPending(tx, delivery.endpointId, at);
      }
    });
    const level = outcome === 'delivered' ? 'info' : 'warn';
    this.#config.logger[level](
      {
        eventId: delivery.eventId,
        endpointId: delivery.endpointId,
        attempt: delivery.attempts,
        status,
        outcome: next.status,
      },
      'webhook attempt',
    );
    return outcome === 'gone' ? null : health;
  }

  /** Every configured endpoint with its delivery health. */
  async endpointsHealth(): Promise<WebhookEndpointHealth[]> {
    return this.#config.store.transaction(async (tx) =>
      Promise.all(
        [...this.#endpoints.values()].map(async (endpoint) => {
          const state = (await tx.getEndpointState(endpoint.id)) ?? FRESH_STATE(endpoint.id);
          const counts = await tx.countDeliveries(endpoint.id);
          return {
            id: endpoint.id,
            url: endpoint.url,
            status: state.disabledAt ? ('disabled' as const) : ('active' as const),
            consecutiveFailures: state.consecutiveFailures,
            lastSuccessAt: state.lastSuccessAt,
            lastFailureAt: state.lastFailureAt,
            lastStatus: state.lastStatus,
            pending: counts.pending,
            deadLettered: counts.dead,
          };
        }),
      ),
    );
  }

  /** Dead-lettered deliveries, oldest first. */
  async deadLetters(limit: number): Promise<WebhookDelivery[]> {
    const rows = await this.#config.store.transaction((tx) =>
      tx.listDeliveries({ status: 'dead', limit }),
    );
    return rows.map(
      ({ id: _id, payload: _payload, sequence: _sequence, updatedAt: _updated, ...delivery }) =>
        delivery,
    );
  }

  /** Puts dead letters (one event, or all) back in the outbox and re-enables their endpoints. */
  async replay(request: ReplayRequest): Promise<{ replayed: number }> {
    const at = this.#config.clock().toISOString();
    const replayed = await this.#config.store.transaction(async (tx) => {
      const dead = await tx.listDeliveries({
        status: 'dead',
        ...('eventId' in request ? { eventId: request.eventId } : {}),
        limit: 100_000,
      });
      if ('eventId' in request && dead.length === 0) {
        throw new ReverifyError('webhook_event_not_found', 'No dead-lettered event has this id.');
      }
      for (const delivery of dead) {
        await tx.updateDelivery({
          ...delivery,
          status: 'pending',
          attempts: 0,
          nextAttemptAt: at,
          lastError: null,
          updatedAt: at,
        });
        const state = await tx.getEndpointState(delivery.endpointId);
        if (state?.disabledAt)
          await tx.putEndpointState({ ...state, disabledAt: null, consecutiveFailures: 0 });
      }
      return dead.length;
    });
    this.wake();
    return { replayed };
  }

  /** Queues a `webhook.test` event for one endpoint. */
  async sendTest(endpointId: string): Promise<{ eventId: string }> {
    const endpoint = this.#endpoints.get(endpointId);
    if (!endpoint)
      throw new ReverifyError('webhook_endpoint_not_found', 'No webhook endpoint has this id.');
    const at = this.#config.clock().toISOString();
    const eventId = newId('evt');
    const [row] = outboxRows(
      {
        sequence: 1,
        type: 'reverification.status_changed',
        reverificationId: TEST_REVERIFICATION_ID,
        referenceId: 'webhook.test',
        previousStatus: null,
        status: 'pending',
        decision: null,
        reasons: [],
        occurredAt: at,
      },
      [endpoint],
      at,
      eventId,
    );
    const payload = JSON.parse((row as DeliveryRecord).payload) as Record<string, unknown>;
    await this.#config.store.transaction((tx) =>
      tx.insertDeliveries([
        {
          ...(row as DeliveryRecord),
          eventType: 'webhook.test',
          reverificationId: null,
          sequence: 0,
          payload: JSON.stringify({ ...payload, eventType: 'webhook.test' }),
        },
      ]),
    );
    this.wake();
    return { eventId };
  }
}
