import type { ReverifyErrorCode } from '../errors.js';

/** `reverify-error`: something failed; the element shows a retry screen. */
export interface ReverifyErrorDetail {
  readonly code: ReverifyErrorCode;
  /** A developer-facing message (users see translated text). */
  readonly message: string;
}

/** The `reverify-error` event. */
export type ReverifyErrorEvent = CustomEvent<ReverifyErrorDetail>;

declare global {
  interface GlobalEventHandlersEventMap {
    'reverify-error': ReverifyErrorEvent;
  }
}
