import type { MiddlewareHandler } from 'hono';
import type { Logger } from '../../plugin/logger.js';
import type { AppEnv } from '../env.js';

/** One log line per request: id, method, path (never the query: the stream token travels there), status, time. */
export function requestLog(logger: Logger): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const started = performance.now();
    await next();
    logger.info(
      {
        requestId: c.get('requestId'),
        method: c.req.method,
        path: c.req.path,
        status: c.res.status,
        ms: Math.round(performance.now() - started),
      },
      'request',
    );
  };
}
