import type { ReverifyHandoffElement } from './components/reverify-handoff/reverify-handoff.component.js';
import { defineReverifyHandoff } from './components/reverify-handoff/reverify-handoff.js';
import {
  applySessionOptions,
  type Cleanup,
  mountFlowElement,
  requireCallbacks,
  type SessionOptionKey,
  type StartReverificationOptions,
} from './start-reverification.js';

/** Options of {@link startHandoff}: those of `startReverification` that apply on the desktop. */
export type StartHandoffOptions = Pick<
  StartReverificationOptions,
  SessionOptionKey | 'theme' | 'onSuccess' | 'onError' | 'onEvent' | 'phoneNumber' | 'sendMessage'
> & {
  /** The person being reverified. */
  readonly referenceId: string;
};

/**
 * Continues a reverification on a phone: mounts `<reverify-handoff>` in
 * `container`, which shows a one-time link and its QR code, follows the
 * reverification live and calls `onSuccess` with the same result as
 * `startReverification` once the phone's selfie is decided.
 *
 * @example
 * ```ts
 * const cleanup = await startHandoff(document.getElementById('reverify')!, {
 *   endpoint: '/reverify', referenceId: 'customer-42', clientToken,
 *   onSuccess: ({ decision }) => console.log(decision),
 *   onError: ({ code }) => console.warn(code),
 * });
 * ```
 */
export async function startHandoff(
  container: Element,
  options: StartHandoffOptions,
): Promise<Cleanup> {
  requireCallbacks('startHandoff', options);
  defineReverifyHandoff();
  const element = document.createElement('reverify-handoff') as ReverifyHandoffElement;
  applySessionOptions(element, options);
  if (options.phoneNumber) element.phoneNumber = options.phoneNumber;
  element.sendMessage = options.sendMessage ?? true;
  return mountFlowElement(container, element, options);
}
