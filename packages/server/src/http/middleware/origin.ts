import type { MiddlewareHandler } from 'hono';
import { cors } from 'hono/cors';
import { ReverifyError } from '../../plugin/errors.js';
import { clientAddress, type ProxyTrust } from '../client-address.js';
import type { AppEnv } from '../env.js';
import type { RateLimits } from './rate-limit.js';

/** CORS for the allowed origins only (exact match), exposing the ids and `Retry-After`. */
export function corsForAllowedOrigins(origins: ReadonlySet<string>): MiddlewareHandler {
  return cors({
    origin: (origin) => (origins.has(origin) ? origin : null),
    allowMethods: ['GET', 'POST', 'DELETE', 'OPTIONS'],
    allowHeaders: ['Authorization', 'Content-Type', 'Idempotency-Key', 'Last-Event-ID'],
    exposeHeaders: ['X-Request-Id', 'Retry-After'],
    maxAge: 600,
  });
}

/**
 * Every request: a page from another origin reaches no API route
 * (`origin_not_allowed`; the SDK's files stay public), and each client
 * address is charged its rate limit.
 */
export function originAndAddressGate(
  origins: ReadonlySet<string>,
  trustProxy: ProxyTrust | null,
  limits: RateLimits,
): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const origin = c.req.header('Origin');
    if (origin && !origins.has(origin) && !c.req.path.startsWith('/sdk/')) {
      throw new ReverifyError('origin_not_allowed', `Origin ${origin} is not allowed.`);
    }
    const address = clientAddress(c.env?.clientIp, c.req.header('X-Forwarded-For'), trustProxy);
    await limits.perIp(address);
    await next();
  };
}
