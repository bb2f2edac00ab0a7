import type { ReactiveController, ReactiveControllerHost } from 'lit';

/** Owns an element's timeouts: all are cleared by `clear()` and when it leaves the page. */
export class TimersController implements ReactiveController {
  #timers = new Set<ReturnType<typeof setTimeout>>();

  constructor(host: ReactiveControllerHost) {
    host.addController(this);
  }

  /** Runs `work` after `ms` milliseconds, unless cleared first. */
  after(ms: number, work: () => void): void {
    const timer = setTimeout(() => {
      this.#timers.delete(timer);
      work();
    }, ms);
    this.#timers.add(timer);
  }

  /** Cancels every pending timeout. */
  clear(): void {
    for (const timer of this.#timers) clearTimeout(timer);
    this.#timers.clear();
  }

  hostConnected(): void {}

  hostDisconnected(): void {
    this.clear();
  }
}
