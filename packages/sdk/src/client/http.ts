import type { ErrorCode } from '@reverify/contract';
import { ReverifyError } from '../errors.js';

/** A failed HTTP exchange: the handler's error code, plus what decides a retry. */
export class HttpFailure extends ReverifyError {
  constructor(
    code: ErrorCode | 'network_error',
    message: string,
    /** HTTP status, or 0 when the handler was not reached. */
    readonly status: number,
    /** Seconds from `Retry-After`, when the handler sent it. */
    readonly retryAfterSeconds: number | undefined,
    options?: { cause?: unknown },
  ) {
    super(code, message, options);
  }
}

/** Joins the handler's base URL (absolute or page-relative) and an API path. */
export function apiUrl(endpoint: string, path: string): string {
  return `${endpoint.replace(/\/+$/, '')}${path}`;
}

/**
 * `fetch` that answers JSON or throws an {@link HttpFailure} carrying the
 * handler's error code (from its envelope), or `network_error` when nothing
 * came back.
 */
export async function fetchJson<T>(url: string, init: RequestInit): Promise<T> {
  let response: Response;
  try {
    response = await fetch(url, { ...init, credentials: 'omit', cache: 'no-store' });
  } catch (cause) {
    if ((cause as Error)?.name === 'AbortError')
      throw new ReverifyError('cancelled', 'Cancelled.', { cause });
    throw new HttpFailure('network_error', 'The handler could not be reached.', 0, undefined, {
      cause,
    });
  }
  const retryAfter = Number(response.headers.get('Retry-After'));
  const body = (await response.json().catch(() => null)) as {
    error?: { code?: string; message?: string };
  } | null;
  if (!response.ok) {
    const code = (body?.error?.code ??
      (response.status >= 500 ? 'internal_error' : 'invalid_request')) as ErrorCode;
    throw new HttpFailure(
      code,
      body?.error?.message ?? `HTTP ${response.status}`,
      response.status,
      Number.isFinite(retryAfter) && retryAfter > 0 ? retryAfter : undefined,
    );
  }
  return body as T;
}
