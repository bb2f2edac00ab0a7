import { type RateLimiterAbstract, RateLimiterRes } from 'rate-limiter-flexible';
import type { LimiterFactory } from '../../core/rate-limiters.js';
import { ReverifyError } from '../../plugin/errors.js';
import type { AppConfig, RateLimitRule } from '../env.js';

/** Charges one request to a key or a client address; `rate_limited` (429) past the rule. */
export interface RateLimits {
  /** Per API key, browser token or reverification. */
  perKey(key: string): Promise<void>;
  /** Per client address. */
  perIp(address: string): Promise<void>;
}

async function consume(limiter: RateLimiterAbstract | null, key: string): Promise<void> {
  if (!limiter) return;
  try {
    await limiter.consume(key);
  } catch (rejection) {
    if (!(rejection instanceof RateLimiterRes)) throw rejection;
    throw new ReverifyError('rate_limited', 'Too many requests; retry later.', {
      retryAfterSeconds: Math.max(1, Math.ceil(rejection.msBeforeNext / 1000)),
    });
  }
}

/** The handler's rate limits (no-ops when `rateLimit` is `false`), counted where `limiters` counts. */
export function createRateLimits(
  rule: AppConfig['rateLimit'],
  limiters: LimiterFactory,
): RateLimits {
  const limiter = (keyPrefix: string, { points, durationSeconds }: RateLimitRule) =>
    limiters({ keyPrefix, points, duration: durationSeconds });
  const key = rule ? limiter('reverify.key', rule.perKey) : null;
  const ip = rule ? limiter('reverify.ip', rule.perIp) : null;
  return {
    perKey: (name) => consume(key, name),
    perIp: (address) => consume(ip, `ip:${address}`),
  };
}
