import type { StreamEvent } from '@reverify/contract';

/** Receives the events of one reverification as they are committed. */
export type EventListener = (event: StreamEvent) => void;

/**
 * In-process fan-out of committed lifecycle events to live SSE streams.
 * The store stays the source of truth; the bus only wakes listeners.
 */
export class EventBus {
  readonly #listeners = new Map<string, Set<EventListener>>();

  /** Calls `listener` for every later event of `reverificationId`; returns the unsubscribe function. */
  subscribe(reverificationId: string, listener: EventListener): () => void {
    let set = this.#listeners.get(reverificationId);
    if (!set) {
      set = new Set();
      this.#listeners.set(reverificationId, set);
    }
    set.add(listener);
    return () => {
      set.delete(listener);
      if (set.size === 0) this.#listeners.delete(reverificationId);
    };
  }

  /** Delivers a committed event to its reverification's listeners. */
  publish(event: StreamEvent): void {
    for (const listener of this.#listeners.get(event.reverificationId) ?? []) listener(event);
  }

  /** Live listeners across all reverifications. */
  get size(): number {
    let total = 0;
    for (const set of this.#listeners.values()) total += set.size;
    return total;
  }
}
