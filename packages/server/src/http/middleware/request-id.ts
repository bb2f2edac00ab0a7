import type { MiddlewareHandler } from 'hono';
import { newId } from '../../core/ids.js';

/**
 * What a caller's own `X-Request-Id` must look like to be kept: 8–64
 * letters, digits, `_` or `-` (UUIDs, ULIDs and the handler's own `req_…`).
 * Anything else is replaced, so logs never carry a client's free text.
 */
const WELL_FORMED_REQUEST_ID = /^[A-Za-z0-9][A-Za-z0-9_-]{7,63}$/;

/**
 * Gives every request an id (`c.get('requestId')`), echoed in
 * `X-Request-Id` and written to every log line and error envelope: the
 * caller's own when it is well formed, else a new `req_…`.
 */
export function requestIdMiddleware(): MiddlewareHandler<{ Variables: { requestId: string } }> {
  return async (c, next) => {
    const incoming = c.req.header('X-Request-Id');
    const id = incoming && WELL_FORMED_REQUEST_ID.test(incoming) ? incoming : newId('req');
    c.set('requestId', id);
    c.header('X-Request-Id', id);
    await next();
  };
}
