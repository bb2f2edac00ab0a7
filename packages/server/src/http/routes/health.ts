import { Hono } from 'hono';
import { ReverifyError } from '../../plugin/errors.js';
import type { AppEnv } from '../env.js';
import type { RouteContext } from '../route-context.js';

/**
 * `GET /v1/health`: liveness and the handler's mode. `GET /v1/health/ready`:
 * readiness for a load balancer, `503 not_ready` once the handler is closing
 * or while its store does not answer.
 */
export function healthRoutes({ config }: RouteContext): Hono<AppEnv> {
  return new Hono<AppEnv>()
    .get('/', (c) => c.json({ status: 'ok', mode: config.mode }))
    .get('/ready', async (c) => {
      if (config.closing()) {
        throw new ReverifyError('not_ready', 'This instance is shutting down.');
      }
      try {
        await config.core.lifecycle.store.transaction((tx) => tx.getReverification('rv_ready'));
      } catch {
        throw new ReverifyError('not_ready', 'The store does not answer.');
      }
      return c.json({ status: 'ready', mode: config.mode });
    });
}
