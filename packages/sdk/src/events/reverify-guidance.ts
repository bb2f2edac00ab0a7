import type { GuidanceCode } from '../quality/checks.js';

/** `reverify-guidance`: the instruction on screen changed. */
export interface ReverifyGuidanceDetail {
  readonly code: GuidanceCode;
  /** The translated text shown. */
  readonly message: string;
}

/** The `reverify-guidance` event. */
export type ReverifyGuidanceEvent = CustomEvent<ReverifyGuidanceDetail>;

declare global {
  interface GlobalEventHandlersEventMap {
    'reverify-guidance': ReverifyGuidanceEvent;
  }
}
