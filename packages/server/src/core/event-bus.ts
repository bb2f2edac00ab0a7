import type { StreamEvent } from '@reverify/contract';

/** Receives the events of one reverification as they are committed. */
export type EventListener = (event: StreamEvent) => void;

/**
 * In-process fan-out of committed lifecycle events to live SSE streams.
 * The store stays the source of truth; the bus only wakes listeners.
 */
export class EventBus {
  readonly #listeners = new Map<string, Set<EventListener>>();
  /** The last sequence delivered per reverification with listeners. */
  readonly #delivered = new Map<string, number>();
  /** What ends each open stream when the instance shuts down. */
  readonly #drains = new Set<() => void>();

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
      if (set.size === 0) {
        this.#listeners.delete(reverificationId);
        this.#delivered.delete(reverificationId);
      }
    };
  }

  /** Delivers a committed event to its reverification's listeners. */
  publish(event: StreamEvent): void {
    const listeners = this.#listeners.get(event.reverificationId);
    if (!listeners) return;
    const delivered = this.#delivered.get(event.reverificationId) ?? 0;
    if (event.sequence <= delivered) return;
    this.#delivered.set(event.reverificationId, event.sequence);
    for (const listener of listeners) listener(event);
  }

  /** The reverifications that have listeners, with the last sequence delivered to them (0 for none yet). */
  followed(): Map<string, number> {
    return new Map([...this.#listeners.keys()].map((id) => [id, this.#delivered.get(id) ?? 0]));
  }

  /** Calls `end` when the instance drains (see {@link drain}); returns the function that stops waiting. */
  onDrain(end: () => void): () => void {
    this.#drains.add(end);
    return () => this.#drains.delete(end);
  }

  /**
   * Ends every open stream, for a shutdown: their browsers reconnect with
   * `Last-Event-ID`, through the load balancer, to an instance still up.
   */
  drain(): void {
    for (const end of [...this.#drains]) end();
    this.#drains.clear();
  }

  /** Live listeners across all reverifications. */
  get size(): number {
    let total = 0;
    for (const set of this.#listeners.values()) total += set.size;
    return total;
  }
}
