import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/** What the receiver does with one request. */
export interface ReceiverBehaviour {
  readonly status?: number;
  /** Milliseconds before answering. */
  readonly delayMs?: number;
  /** Never answer. */
  readonly hang?: boolean;
  /** Send the status at once, then the body one byte every 200 ms, forever. */
  readonly slowBody?: boolean;
  readonly retryAfter?: string;
}

/** One received request. */
export interface ReceivedRequest {
  readonly id: string;
  /** The request's path and query, e.g. `/hooks?instance=a`. */
  readonly path: string;
  readonly timestamp: string;
  readonly signature: string;
  readonly body: string;
  /** Every request header, lower-case names. */
  readonly headers: Readonly<Record<string, string>>;
  readonly receivedAt: number;
  /** The status answered (undefined while hanging or for a slow body's endless part). */
  answered?: number;
}

/** A real HTTP webhook receiver on 127.0.0.1 whose answers a test scripts. */
export interface WebhookReceiver {
  readonly url: string;
  readonly requests: ReceivedRequest[];
  close(): Promise<void>;
}

/** Starts a receiver; `behave` chooses the answer to each request (index from 0). */
export async function startReceiver(
  behave: (index: number, request: ReceivedRequest) => ReceiverBehaviour = () => ({}),
): Promise<WebhookReceiver> {
  const requests: ReceivedRequest[] = [];
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const received: ReceivedRequest = {
        id: String(req.headers['webhook-id'] ?? ''),
        path: req.url ?? '',
        timestamp: String(req.headers['webhook-timestamp'] ?? ''),
        signature: String(req.headers['webhook-signature'] ?? ''),
        body: Buffer.concat(chunks).toString('utf8'),
        headers: Object.fromEntries(
          Object.entries(req.headers).map(([name, value]) => [name, String(value)]),
        ),
        receivedAt: Date.now(),
      };
      requests.push(received);
      const behaviour = behave(requests.length - 1, received);
      if (behaviour.hang) return;
      const status = behaviour.status ?? 204;
      setTimeout(() => {
        if (behaviour.slowBody) {
          res.writeHead(status, { 'Content-Type': 'text/plain' });
          received.answered = status;
          const drip = setInterval(() => res.write('.'), 200);
          res.on('close', () => clearInterval(drip));
          return;
        }
        res.writeHead(status, behaviour.retryAfter ? { 'Retry-After': behaviour.retryAfter } : {});
        received.answered = status;
        res.end();
      }, behaviour.delayMs ?? 0);
    });
  });
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/hooks`,
    requests,
    close: () =>
      new Promise<void>((done) => {
        server.closeAllConnections();
        server.close(() => done());
      }),
  };
}
