import type { ReactiveController, ReactiveControllerHost } from 'lit';

/**
 * Tells a real removal from a move: a move in the DOM disconnects and
 * reconnects in the same task, so `onRemoved` runs only when the element is
 * still disconnected after it.
 */
export class RemovalController implements ReactiveController {
  readonly #host: ReactiveControllerHost & Element;
  readonly #onRemoved: () => void;

  constructor(host: ReactiveControllerHost & Element, onRemoved: () => void) {
    this.#host = host;
    this.#onRemoved = onRemoved;
    host.addController(this);
  }

  hostConnected(): void {}

  hostDisconnected(): void {
    queueMicrotask(() => {
      if (!this.#host.isConnected) this.#onRemoved();
    });
  }
}
