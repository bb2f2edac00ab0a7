import type { IncomingMessage, ServerResponse } from 'node:http';
import type { ReverifyHandler } from '../handler.js';
import { toNodeListener } from './node.js';

/** The parts of an Express request the adapter reads. */
interface ExpressRequestLike extends IncomingMessage {
  /** The client address as Express computed it (honours its `trust proxy` setting). */
  ip?: string | undefined;
  /** What a body parser produced, if one ran. */
  body?: unknown;
  /** Set by Express 4's body parsers once they consumed the stream (Express 5 leaves the stream ended). */
  _body?: boolean | undefined;
}

function parsedBody(body: unknown): Uint8Array | undefined {
  if (body === undefined) return undefined;
  if (body instanceof Uint8Array) return new Uint8Array(body);
  return new TextEncoder().encode(typeof body === 'string' ? body : JSON.stringify(body));
}

/**
 * Adapts the handler to Express middleware: `app.use('/reverify',
 * reverifyExpress(handler))` (Express strips the mount path). When a body
 * parser already consumed the request, its result is handed on (JSON
 * re-serialized, raw and text as they are), so mounting after
 * `express.json()` works.
 */
export function reverifyExpress(
  handler: ReverifyHandler,
): (
  request: ExpressRequestLike,
  response: ServerResponse,
  next: (error?: unknown) => void,
) => void {
  const clientIp = (incoming: IncomingMessage) =>
    (incoming as ExpressRequestLike).ip ?? incoming.socket.remoteAddress;
  const listener = toNodeListener(handler, { clientIp });
  return (request, response, next) => {
    if (!request._body && !request.readableEnded) {
      listener(request, response).catch(next);
      return;
    }
    const body = parsedBody(request.body);
    const headers = new Headers();
    for (const [name, value] of Object.entries(request.headers)) {
      if (value !== undefined && name !== 'content-length' && name !== 'transfer-encoding') {
        headers.set(name, Array.isArray(value) ? value.join(', ') : value);
      }
    }
    const url = `http://${request.headers.host ?? 'localhost'}${request.url ?? '/'}`;
    handler
      .fetch(new Request(url, { method: request.method ?? 'POST', headers, body: body ?? null }), {
        clientIp: clientIp(request),
      })
      .then(async (result) => {
        response.writeHead(result.status, Object.fromEntries(result.headers));
        response.end(Buffer.from(await result.arrayBuffer()));
      })
      .catch(next);
  };
}
