import { Hono } from 'hono';
import type { AppEnv } from '../env.js';
import type { RouteContext } from '../route-context.js';

/** `GET /v1/health`: liveness and the handler's mode. */
export function healthRoutes({ config }: RouteContext): Hono<AppEnv> {
  return new Hono<AppEnv>().get('/', (c) => c.json({ status: 'ok', mode: config.mode }));
}
