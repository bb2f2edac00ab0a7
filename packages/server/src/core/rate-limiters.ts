import { type RateLimiterAbstract, RateLimiterMemory } from 'rate-limiter-flexible';
import type { ReverifyStore } from '../store/store.js';

/** What a limiter counts: `points` per `duration` seconds for each key, keys prefixed with `keyPrefix`. */
export interface LimiterOptions {
  readonly keyPrefix: string;
  readonly points: number;
  readonly duration: number;
}

/** Makes the handler's rate limiters (`rate-limiter-flexible`). */
export type LimiterFactory = (options: LimiterOptions) => RateLimiterAbstract;

/**
 * Limiters for a handler on `store`: counted in the store when it offers
 * that (PostgreSQL, so every instance charges the same counters), else in
 * this process's memory (SQLite and memory stores: one process).
 */
export function limitersOn(store: ReverifyStore): LimiterFactory {
  return (options) => store.rateLimiter?.(options) ?? new RateLimiterMemory({ ...options });
}
