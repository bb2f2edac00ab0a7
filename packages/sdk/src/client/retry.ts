import type { HttpFailure } from './http.js';

/** How often and how patiently an upload is retried. */
export interface RetryPolicy {
  /** Attempts in all, the first included. Default 5. */
  readonly attempts: number;
  /** Delay before the first retry, ms; doubles each time. Default 500. */
  readonly baseMs: number;
  /** Longest delay between attempts, ms. Default 8000. */
  readonly maxMs: number;
}

/** The defaults of {@link RetryPolicy}. */
export const DEFAULT_RETRY: RetryPolicy = { attempts: 5, baseMs: 500, maxMs: 8000 };

/** Whether a failed request may succeed if sent again: network failures (offline too), 5xx, 408 and 429. */
export function isRetryable(failure: Pick<HttpFailure, 'status' | 'code'>): boolean {
  return (
    failure.code === 'network_error' ||
    failure.code === 'offline' ||
    failure.status >= 500 ||
    failure.status === 408 ||
    failure.status === 429
  );
}

/**
 * Milliseconds to wait before attempt `attempt + 1` (attempt counts from 1):
 * the handler's `Retry-After` when given (capped at 30 s), else exponential
 * backoff with jitter between half and all of the step. Pure: `random` is
 * passed in.
 */
export function retryDelayMs(
  attempt: number,
  retryAfterSeconds: number | undefined,
  policy: RetryPolicy,
  random: number,
): number {
  if (retryAfterSeconds !== undefined) return Math.min(30_000, retryAfterSeconds * 1000);
  const step = Math.min(policy.maxMs, policy.baseMs * 2 ** (attempt - 1));
  return Math.round(step * (0.5 + random * 0.5));
}
