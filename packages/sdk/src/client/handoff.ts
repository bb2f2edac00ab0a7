import type { Handoff } from '@reverify/contract';
import { apiUrl, fetchJson } from './http.js';

/**
 * A one-time link (and QR code) that continues this browser's reverification
 * on a phone (`POST /v1/client/handoff` with the client token). A new link
 * replaces the previous one.
 */
export function createHandoffLink(
  endpoint: string,
  clientToken: string,
  signal: AbortSignal,
): Promise<Handoff> {
  return fetchJson<Handoff>(apiUrl(endpoint, '/v1/client/handoff'), {
    method: 'POST',
    signal,
    headers: { Authorization: `Bearer ${clientToken}` },
  });
}
