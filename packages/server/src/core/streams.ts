import { isSettled, type StreamEvent } from '@reverify/contract';
import type { Lifecycle } from './lifecycle.js';

/** What the browser's event stream reads: the committed events and the capturing mark. */
export class Streams {
  readonly #lifecycle: Lifecycle;

  constructor(lifecycle: Lifecycle) {
    this.#lifecycle = lifecycle;
  }

  /** Live committed events, for SSE. */
  get bus() {
    return this.#lifecycle.bus;
  }

  /**
   * Reads from the store the events another instance committed for
   * reverifications followed here, and delivers them to the live streams
   * (all followed ones for `'all'`). The streams drop what they already sent.
   */
  async resync(reverificationIds: readonly string[] | 'all'): Promise<void> {
    const followed = this.bus.followed();
    const ids = reverificationIds === 'all' ? [...followed.keys()] : reverificationIds;
    for (const id of ids) {
      const after = followed.get(id);
      if (after === undefined) continue;
      const events = await this.#lifecycle.store.transaction((tx) => tx.listEvents(id, after));
      for (const event of events) this.bus.publish(event);
    }
  }

  /** Moves a pending reverification to `capturing` (the browser opened its stream). */
  async markCapturing(reverificationId: string): Promise<void> {
    await this.#lifecycle.transact(async (tx, published) => {
      const found = await tx.getReverification(reverificationId);
      if (!found) return;
      const current = await this.#lifecycle.expireIfDue(tx, found, published);
      if (current.status !== 'pending') return;
      published.push((await this.#lifecycle.apply(tx, current, { type: 'capture_started' })).event);
    });
  }

  /**
   * The committed events of a reverification after `afterSequence`
   * (expiring it first if due), and whether it has settled: a settled
   * reverification has no event left to come.
   */
  async listEvents(
    reverificationId: string,
    afterSequence: number,
  ): Promise<{ events: StreamEvent[]; settled: boolean }> {
    return this.#lifecycle.transact(async (tx, published) => {
      const current = await this.#lifecycle.current(tx, reverificationId, published);
      return {
        events: await tx.listEvents(reverificationId, afterSequence),
        settled: isSettled(current.status),
      };
    });
  }
}
