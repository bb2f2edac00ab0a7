import type {
  CodeSent,
  MessageLocale,
  MethodResult,
  MethodsSession,
  ReverificationMethod,
} from '@reverify/contract';
import {
  type AuthenticationResponseJSON,
  browserSupportsWebAuthn,
  type PublicKeyCredentialRequestOptionsJSON,
  startAuthentication,
} from '@simplewebauthn/browser';
import { ReverifyError } from '../errors.js';
import { postJson as post } from './http.js';

/** A code method: the code goes to a destination your server set. */
export type CodeMethod = 'sms_code' | 'email_code';

/**
 * The methods to offer, in order (pure): the handler's `open` list (passkey
 * first, selfie, codes last), without a passkey where the browser has no
 * WebAuthn, and without a code method that has no destination.
 */
export function offeredMethods(
  methods: MethodsSession,
  webAuthn: boolean,
): readonly ReverificationMethod[] {
  return methods.open.filter((method) => {
    if (method === 'passkey') return webAuthn;
    if (method === 'sms_code' || method === 'email_code')
      return methods.destinations[method] !== null;
    return true;
  });
}

/**
 * Whether the person must be offered a choice before the camera (pure): any
 * offered method other than the selfie, or no method at all (which the
 * chooser explains). A policy of only `selfie` goes straight to the camera,
 * as before methods existed.
 */
export function needsMethodChoice(offered: readonly ReverificationMethod[]): boolean {
  return !(offered.length === 1 && offered[0] === 'selfie');
}

/** Whether this browser can use passkeys. */
export function supportsPasskeys(): boolean {
  return browserSupportsWebAuthn();
}

/**
 * The browser's WebAuthn ceremony, with a dismissed, timed-out or refused
 * prompt (`NotAllowedError`, an abort) reported as `passkey_cancelled`.
 */
export async function webAuthnCeremony<T>(run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (cause) {
    if (cause instanceof ReverifyError) throw cause;
    throw new ReverifyError(
      'passkey_cancelled',
      `The passkey prompt did not complete (${(cause as Error)?.name ?? 'Error'}).`,
      { cause },
    );
  }
}

/** The handler's endpoint and the client token of one reverification. */
export interface MethodTarget {
  readonly endpoint: string;
  readonly clientToken: string;
}

/**
 * Reverifies with a passkey: asks the handler for a one-time challenge,
 * runs the browser's prompt (user verification required) and sends the
 * answer.
 *
 * @throws {@link ReverifyError} `passkey_cancelled`, or the handler's code
 *   (`passkey_invalid`, `passkey_counter_regressed`, `factor_not_enrolled`…).
 */
export async function answerWithPasskey(
  target: MethodTarget,
  signal?: AbortSignal,
): Promise<MethodResult> {
  const { endpoint, clientToken } = target;
  const optionsJSON = await post<PublicKeyCredentialRequestOptionsJSON>(
    endpoint,
    '/v1/client/passkey/options',
    clientToken,
    undefined,
    signal,
  );
  const response: AuthenticationResponseJSON = await webAuthnCeremony(() =>
    startAuthentication({ optionsJSON }),
  );
  return post(endpoint, '/v1/client/passkey', clientToken, { response }, signal);
}

/** Asks the handler to send a one-time code to the person's destination for `method`. */
export function sendCode(
  target: MethodTarget,
  method: CodeMethod,
  locale: MessageLocale,
  signal?: AbortSignal,
): Promise<CodeSent> {
  return post(target.endpoint, '/v1/client/codes', target.clientToken, { method, locale }, signal);
}

/** Sends a typed code: an SMS or email code, or (`totp`) one from the authenticator app. */
export function answerWithCode(
  target: MethodTarget,
  method: CodeMethod | 'totp',
  code: string,
  signal?: AbortSignal,
): Promise<MethodResult> {
  const { endpoint, clientToken } = target;
  return method === 'totp'
    ? post(endpoint, '/v1/client/totp', clientToken, { code }, signal)
    : post(endpoint, '/v1/client/codes/verify', clientToken, { method, code }, signal);
}
