import type { IncomingMessage } from 'node:http';
import type { ReverifyHandler } from '../handler.js';

/**
 * Adapts the handler for an existing Hono app: `app.mount('/reverify',
 * reverifyHono(handler))`. `mount` strips the prefix. On Node
 * (@hono/node-server) the client address comes from the socket; elsewhere
 * pass `getClientIp`.
 */
export function reverifyHono(
  handler: ReverifyHandler,
  options: { getClientIp?: (request: Request) => string | undefined } = {},
): (request: Request, env?: unknown) => Promise<Response> {
  return (request, env) => {
    const incoming = (env as { incoming?: IncomingMessage } | undefined)?.incoming;
    const clientIp = options.getClientIp?.(request) ?? incoming?.socket.remoteAddress;
    return handler.fetch(request, { clientIp });
  };
}
