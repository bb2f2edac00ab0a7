import type { ClientHandoffRequest, Handoff, MessageLocale } from '@reverify/contract';
import { postJson } from './http.js';

/**
 * A one-time link (and QR code) that continues this browser's reverification
 * on a phone (`POST /v1/client/handoff` with the client token), texted to
 * `request.phoneNumber` when `request.sendMessage`. A new link replaces the
 * previous one.
 */
export function createHandoffLink(
  endpoint: string,
  clientToken: string,
  signal: AbortSignal,
  request: ClientHandoffRequest = {},
): Promise<Handoff> {
  return postJson<Handoff>(endpoint, '/v1/client/handoff', clientToken, request, signal);
}

/** The languages the handler writes its messages in. */
const MESSAGE_LOCALES: readonly MessageLocale[] = ['en', 'es', 'pt-BR'];

/** The message language for the element's language code: itself when the handler has it, else `en`. */
export function messageLocale(code: string): MessageLocale {
  return MESSAGE_LOCALES.find((locale) => locale === code) ?? 'en';
}
