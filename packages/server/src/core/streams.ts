import { isSettled, methodsOpen, type StreamEvent } from '@reverify/contract';
import { methodsDone } from '../factors/method-steps.js';
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
    const wanted = ids.flatMap((id) => {
      const after = followed.get(id);
      return after === undefined ? [] : [{ id, after }];
    });
    if (wanted.length === 0) return;
    // One read for all of them: after a reconnect that is every open stream.
    const events = await this.#lifecycle.store.transaction(async (tx) => {
      const read = [];
      for (const { id, after } of wanted) read.push(...(await tx.listEvents(id, after)));
      return read;
    });
    for (const event of events) this.bus.publish(event);
  }

  /** Moves a pending reverification to `capturing` (the browser opened its stream). */
  async markCapturing(reverificationId: string): Promise<void> {
    await this.#lifecycle.transact(async (tx, published) => {
      const found = await tx.getReverification(reverificationId);
      if (!found) return;
      const current = await this.#lifecycle.expireIfDue(tx, found, published);
      if (current.status !== 'pending') return;
      // Before a step-up's other methods are done, the camera is not the step at hand.
      if (!methodsOpen(current.methodPolicy, methodsDone(current)).includes('selfie')) return;
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
