import type { Decision, ReasonCode, Steps } from '@reverify/contract';

/** `reverify-complete`: the handler decided (after an upload by the element or `startReverification`). */
export interface ReverifyCompleteDetail {
  readonly reverificationId: string;
  readonly referenceId: string;
  readonly decision: Decision;
  readonly reasons: readonly ReasonCode[];
  readonly completedAt: string;
  /** The face match and the liveness check, each with its status and score (from handlers that report them). */
  readonly steps?: Steps;
}

/** The `reverify-complete` event. */
export type ReverifyCompleteEvent = CustomEvent<ReverifyCompleteDetail>;

declare global {
  interface GlobalEventHandlersEventMap {
    'reverify-complete': ReverifyCompleteEvent;
  }
}
