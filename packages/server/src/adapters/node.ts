import type { IncomingMessage, ServerResponse } from 'node:http';
import { getRequestListener } from '@hono/node-server';
import type { ReverifyHandler } from '../handler.js';
import { pathUnderBase } from '../http/base-path.js';

/** Options of {@link toNodeListener}. */
export interface NodeListenerOptions {
  /** A path prefix the handler is mounted under, e.g. `/reverify`; stripped before routing. */
  readonly basePath?: string;
  /** Reads the client address; default: the socket's remote address. */
  readonly clientIp?: (incoming: IncomingMessage) => string | undefined;
}

/**
 * Adapts the handler to a Node `http` request listener. A client that
 * disconnects aborts its `Request`, so SSE streams end with it.
 *
 * @example
 * ```ts
 * http.createServer(toNodeListener(handler)).listen(8787);
 * ```
 */
export function toNodeListener(
  handler: ReverifyHandler,
  options: NodeListenerOptions = {},
): (request: IncomingMessage, response: ServerResponse) => Promise<void> {
  const base = options.basePath?.replace(/\/+$/, '') ?? '';
  return getRequestListener((request, env) => {
    const incoming = env.incoming as IncomingMessage;
    const clientIp = options.clientIp ? options.clientIp(incoming) : incoming.socket.remoteAddress;
    if (!base) return handler.fetch(request, { clientIp });
    const url = new URL(request.url);
    const inner = pathUnderBase(url.pathname, base);
    if (inner === null) {
      return handler.fetch(new Request(new URL('/__outside_base_path', url), request), {
        clientIp,
      });
    }
    url.pathname = inner;
    return handler.fetch(new Request(url, request), { clientIp });
  }) as (request: IncomingMessage, response: ServerResponse) => Promise<void>;
}
