/**
 * `reverify-factor`: after an approved selfie, the person bound a passkey
 * or confirmed an authenticator app for their next reverifications.
 */
export interface ReverifyFactorDetail {
  readonly method: 'passkey' | 'totp';
}

/** The `reverify-factor` event. */
export type ReverifyFactorEvent = CustomEvent<ReverifyFactorDetail>;

declare global {
  interface GlobalEventHandlersEventMap {
    'reverify-factor': ReverifyFactorEvent;
  }
}
