import {
  eventTypeFor,
  isSettled,
  type LifecycleEvent,
  METHOD_ASSURANCE,
  type MethodUse,
  type ReverificationMethod,
  type StreamEvent,
  transition,
} from '@reverify/contract';
import { ReverifyError } from '../plugin/errors.js';
import type { ReverificationRecord } from '../store/queries/reverifications.js';
import type { StoreTransaction } from '../store/store.js';
import { addSeconds, type CoreConfig } from './context.js';
import { EventBus } from './event-bus.js';

/** The events a transaction committed, published once it did. */
export type Published = StreamEvent[];

/** `reverification_not_found`, the one answer for an id the store does not hold. */
export function reverificationNotFound(): ReverifyError {
  return new ReverifyError('reverification_not_found', 'No reverification has this id.');
}

/**
 * The reverification lifecycle every feature shares: store transactions
 * that publish the events they committed, state changes through the
 * contract's `transition` (each appending its event and its webhook rows in
 * the same transaction), and expiry applied whenever a record is read.
 */
export class Lifecycle {
  /** Committed events, for live streams. */
  readonly bus = new EventBus();
  readonly #config: CoreConfig;

  constructor(config: CoreConfig) {
    this.#config = config;
  }

  /** The store every service reads and writes through. */
  get store() {
    return this.#config.store;
  }

  /** The handler's clock. */
  now(): Date {
    return this.#config.clock();
  }

  /** Runs a store transaction and publishes the events it committed. */
  async transact<T>(work: (tx: StoreTransaction, published: Published) => Promise<T>): Promise<T> {
    const published: Published = [];
    const result = await this.#config.store.transaction((tx) => {
      // A transaction run again starts with nothing published.
      published.length = 0;
      return work(tx, published);
    });
    for (const event of published) this.bus.publish(event);
    if (published.length > 0) this.#config.outbox.committed();
    return result;
  }

  /** Appends `event` (and its webhook rows) inside `tx`. */
  async appendEvent(tx: StoreTransaction, event: StreamEvent): Promise<void> {
    await tx.appendEvent(event);
    await tx.insertDeliveries(this.#config.outbox.rowsFor(event, event.occurredAt));
  }

  /** Applies `event` inside `tx`: transition, row update and appended event. */
  async apply(
    tx: StoreTransaction,
    record: ReverificationRecord,
    event: LifecycleEvent,
    patch: Partial<ReverificationRecord> = {},
  ): Promise<{ record: ReverificationRecord; event: StreamEvent }> {
    const next = transition(record, event);
    const now = this.now();
    const at = now.toISOString();
    const settled = isSettled(next.status);
    const waitsForReview = next.status === 'completed' && next.decision === 'manual_review';
    const { retention } = this.#config;
    // An approval by the provider or a reviewer is the selfie's: it joins the methods done.
    const selfieApproved =
      (event.type === 'decision_made' || event.type === 'review_decided') &&
      next.decision === 'approved' &&
      !record.verifiedBy.some((use) => use.method === 'selfie');
    const updated: ReverificationRecord = {
      ...record,
      ...patch,
      verifiedBy: selfieApproved
        ? [...(patch.verifiedBy ?? record.verifiedBy), methodUse('selfie', at)]
        : (patch.verifiedBy ?? record.verifiedBy),
      status: next.status,
      decision: next.decision,
      updatedAt: at,
      completedAt: settled ? (record.completedAt ?? at) : null,
      purgeAfter: !settled
        ? null
        : addSeconds(
            now,
            waitsForReview ? retention.manualReviewSeconds : retention.captureSeconds,
          ),
    };
    await tx.updateReverification(updated);
    const sequence = (await tx.lastEventSequence(record.id)) + 1;
    const streamEvent: StreamEvent = {
      sequence,
      type: eventTypeFor(next.status),
      reverificationId: record.id,
      referenceId: record.referenceId,
      previousStatus: record.status,
      status: updated.status,
      decision: updated.decision,
      reasons: [...updated.reasons],
      steps: updated.steps,
      tier: updated.tier,
      workflow: updated.workflow,
      verifiedBy: [...updated.verifiedBy],
      occurredAt: at,
    };
    await this.appendEvent(tx, streamEvent);
    return { record: updated, event: streamEvent };
  }

  /** Expires `record` inside `tx` when its time is up; returns the current record. */
  async expireIfDue(
    tx: StoreTransaction,
    record: ReverificationRecord,
    published: Published,
  ): Promise<ReverificationRecord> {
    if (isSettled(record.status) || record.expiresAt > this.now().toISOString()) return record;
    const result = await this.apply(tx, record, { type: 'timed_out' }, { reasons: ['expired'] });
    published.push(result.event);
    return result.record;
  }

  /**
   * The reverification `id`, expired first when its time is up.
   *
   * @throws `reverification_not_found`.
   */
  async current(
    tx: StoreTransaction,
    id: string,
    published: Published,
  ): Promise<ReverificationRecord> {
    const found = await tx.getReverification(id);
    if (!found) throw reverificationNotFound();
    return this.expireIfDue(tx, found, published);
  }
}

/** A method's use at `at`, with what it proves. */
export function methodUse(method: ReverificationMethod, at: string): MethodUse {
  return { method, assurance: METHOD_ASSURANCE[method], completedAt: at };
}

/** Throws unless a capture may still be taken for `record`. */
export function requireOpenForCapture(record: ReverificationRecord): void {
  if (record.status === 'expired') {
    throw new ReverifyError('reverification_expired', 'The reverification has expired.');
  }
  if (record.status !== 'pending' && record.status !== 'capturing') {
    throw new ReverifyError(
      'illegal_transition',
      `The reverification is ${record.status}; it takes no capture.`,
      { details: { status: record.status } },
    );
  }
}
