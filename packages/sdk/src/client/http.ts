import type { ErrorCode } from '@reverify/contract';
import { ReverifyError } from '../errors.js';

/** A failed HTTP exchange: the handler's error code, plus what decides a retry. */
export class HttpFailure extends ReverifyError {
  constructor(
    code: ErrorCode | 'network_error' | 'offline',
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

/** What a `fetch` that got no answer means: see {@link classifyUnanswered}. */
export type UnansweredCause = 'offline' | 'origin_not_allowed' | 'network_error';

/**
 * Why a request got no answer, from what the browser can still tell (pure):
 * the browser says it is offline; or the handler answers a `no-cors` probe
 * (so it is up) while the page's cross-origin request failed, which is a
 * CORS refusal of this page's origin; or the handler (or the path to it) is
 * down.
 */
export function classifyUnanswered(facts: {
  readonly online: boolean;
  readonly crossOrigin: boolean;
  readonly probeAnswered: boolean;
}): UnansweredCause {
  if (!facts.online) return 'offline';
  return facts.crossOrigin && facts.probeAnswered ? 'origin_not_allowed' : 'network_error';
}

const UNANSWERED_MESSAGES: Readonly<Record<UnansweredCause, (url: URL) => string>> = {
  offline: () => 'The browser is offline.',
  origin_not_allowed: (url) =>
    `The handler at ${url.origin} refused this page's origin (${location.origin}): add it to the handler's allowedOrigins (reverify-server --origin).`,
  network_error: (url) => `The handler at ${url.origin} could not be reached.`,
};

/** Tells an offline browser, a CORS refusal and an unreachable handler apart after a failed `fetch`. */
async function unansweredFailure(url: string, cause: unknown): Promise<HttpFailure> {
  const target = new URL(url, location.href);
  const crossOrigin = target.origin !== location.origin;
  const online = navigator.onLine !== false;
  // An opaque answer to a `no-cors` request proves the handler is up, without reading anything.
  const probeAnswered =
    online && crossOrigin
      ? await fetch(target.origin, { mode: 'no-cors', cache: 'no-store', credentials: 'omit' })
          .then(() => true)
          .catch(() => false)
      : false;
  const code = classifyUnanswered({ online, crossOrigin, probeAnswered });
  const message = UNANSWERED_MESSAGES[code](target);
  // The integrator's mistake is named in the console, where a developer looks first.
  if (code === 'origin_not_allowed') console.error(`Reverify: ${message}`);
  return new HttpFailure(code, message, 0, undefined, { cause });
}

/**
 * `fetch` that answers JSON or throws an {@link HttpFailure} carrying the
 * handler's error code (from its envelope), or, when nothing came back,
 * `offline`, `origin_not_allowed` or `network_error`.
 */
export async function fetchJson<T>(url: string, init: RequestInit): Promise<T> {
  let response: Response;
  try {
    response = await fetch(url, { ...init, credentials: 'omit', cache: 'no-store' });
  } catch (cause) {
    if ((cause as Error)?.name === 'AbortError')
      throw new ReverifyError('cancelled', 'Cancelled.', { cause });
    throw await unansweredFailure(url, cause);
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

/** A POST with a bearer token and, unless `body` is `undefined`, a JSON body; see {@link fetchJson}. */
export function postJson<T>(
  endpoint: string,
  path: string,
  token: string,
  body: unknown,
  signal?: AbortSignal,
): Promise<T> {
  return fetchJson<T>(apiUrl(endpoint, path), {
    method: 'POST',
    ...(signal ? { signal } : {}),
    headers: {
      Authorization: `Bearer ${token}`,
      ...(body === undefined ? {} : { 'Content-Type': 'application/json' }),
    },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
}
