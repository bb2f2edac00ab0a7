/** `reverify-ready`: the camera runs and the first frame was analysed. */
export interface ReverifyReadyDetail {
  /** The camera in use (the `deviceId` to pass next time to pick it again). */
  readonly deviceId: string | null;
  /** The camera's label, when the browser reveals it. */
  readonly label: string;
  /** Milliseconds from start to the first analysed frame. */
  readonly startupMs: number;
}

/** The `reverify-ready` event. */
export type ReverifyReadyEvent = CustomEvent<ReverifyReadyDetail>;

declare global {
  interface GlobalEventHandlersEventMap {
    'reverify-ready': ReverifyReadyEvent;
  }
}
