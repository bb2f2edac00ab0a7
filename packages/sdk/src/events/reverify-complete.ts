import type { Decision, MethodUse, ReasonCode, Steps } from '@reverify/contract';

/** `reverify-complete`: the handler decided (after an upload by the element or `startReverification`). */
export interface ReverifyCompleteDetail {
  readonly reverificationId: string;
  readonly referenceId: string;
  readonly decision: Decision;
  readonly reasons: readonly ReasonCode[];
  readonly completedAt: string;
  /** The face match and the liveness check, each with its status and score (from handlers that report them). */
  readonly steps?: Steps;
  /** The methods that decided it, with what each proves (`face_match` for the selfie, `device_user_verification` for a passkey…). */
  readonly verifiedBy?: readonly MethodUse[];
}

/** The `reverify-complete` event. */
export type ReverifyCompleteEvent = CustomEvent<ReverifyCompleteDetail>;

declare global {
  interface GlobalEventHandlersEventMap {
    'reverify-complete': ReverifyCompleteEvent;
  }
}
