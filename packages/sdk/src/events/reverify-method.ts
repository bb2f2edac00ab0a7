import type { MethodResult, ReverificationMethod } from '@reverify/contract';
import type { ReverifyError } from '../errors.js';

/**
 * `reverify-method`: the person chose or completed a method on the methods
 * screen. `chosen` with `selfie` hands over to the camera; `done` carries
 * the handler's answer (`status: 'completed'` when that method satisfied the
 * policy, else `methods.open` says what comes next); `failed` is an error
 * no other method can get past (the reverification expired, the token was
 * refused).
 */
export type ReverifyMethodDetail =
  | { readonly kind: 'chosen'; readonly method: ReverificationMethod }
  | { readonly kind: 'done'; readonly method: ReverificationMethod; readonly result: MethodResult }
  | {
      readonly kind: 'failed';
      readonly method: ReverificationMethod;
      readonly error: ReverifyError;
    };

/** The `reverify-method` event. */
export type ReverifyMethodEvent = CustomEvent<ReverifyMethodDetail>;

declare global {
  interface GlobalEventHandlersEventMap {
    'reverify-method': ReverifyMethodEvent;
  }
}
