/** What one delivery attempt's answer means. */
export type AttemptOutcome =
  /** 2xx: delivered. */
  | 'delivered'
  /** Network error, timeout, 408, 429 or 5xx: try again later. */
  | 'retry'
  /** 410 Gone: the receiver asks never to be called again; the endpoint is disabled. */
  | 'gone'
  /** Any other answer (a 4xx): retrying will not help; dead-letter it. */
  | 'rejected';

/**
 * Seconds between attempts by default: the VECU-style seed's "three attempts
 * with exponential backoff, then the dead-letter queue" (the first attempt
 * and two retries, 5 s then 30 s later).
 */
export const DEFAULT_RETRY_SCHEDULE: readonly number[] = [5, 30];

/** A Svix-like schedule: 8 attempts over about a day (5 s, 5 min, 30 min, 2 h, 5 h, 10 h, 10 h). */
export const EXTENDED_RETRY_SCHEDULE: readonly number[] = [
  5, 300, 1800, 7200, 18_000, 36_000, 36_000,
];

/** Classifies an attempt by its HTTP status (`null` for a network error or timeout). Pure. */
export function classifyAttempt(status: number | null): AttemptOutcome {
  if (status === null) return 'retry';
  if (status >= 200 && status < 300) return 'delivered';
  if (status === 410) return 'gone';
  if (status === 408 || status === 429 || status >= 500) return 'retry';
  return 'rejected';
}

/**
 * Milliseconds until the next attempt after `attemptsMade` failed ones, or
 * `null` when the schedule is spent (dead-letter). ±20 % jitter spreads
 * retries; a receiver's `Retry-After` wins when longer (capped at 1 hour).
 * Pure: `random` is passed in.
 */
export function nextAttemptDelayMs(
  attemptsMade: number,
  schedule: readonly number[],
  retryAfterSeconds: number | null,
  random: number,
): number | null {
  const base = schedule[attemptsMade - 1];
  if (base === undefined) return null;
  const jittered = base * 1000 * (0.8 + random * 0.4);
  const asked = retryAfterSeconds === null ? 0 : Math.min(3600, retryAfterSeconds) * 1000;
  return Math.round(Math.max(jittered, asked));
}

/** `Retry-After` as seconds (delta or HTTP date), or `null`. Pure: `now` is passed in. */
export function parseRetryAfter(value: string | null, now: number): number | null {
  if (!value) return null;
  const seconds = Number(value);
  if (Number.isFinite(seconds) && seconds >= 0) return seconds;
  const date = Date.parse(value);
  return Number.isNaN(date) ? null : Math.max(0, (date - now) / 1000);
}
