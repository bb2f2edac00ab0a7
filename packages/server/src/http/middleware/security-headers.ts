import type { MiddlewareHandler } from 'hono';

/**
 * Headers every answer carries: `X-Content-Type-Options: nosniff` always,
 * and `Cache-Control: no-store` on API answers (everything but the SDK's
 * static files, which set their own caching), since they hold tokens,
 * decisions and personal data that no cache may keep.
 */
export function securityHeaders(): MiddlewareHandler {
  return async (c, next) => {
    await next();
    c.res.headers.set('X-Content-Type-Options', 'nosniff');
    if (!c.req.path.startsWith('/sdk/') && !c.res.headers.has('Cache-Control')) {
      c.res.headers.set('Cache-Control', 'no-store');
    }
  };
}
