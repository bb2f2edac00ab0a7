import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** A fault a fake applies to the next matching API requests. */
export type Fault =
  | { readonly kind: 'status'; readonly status: number; readonly retryAfter?: string }
  | { readonly kind: 'hang' }
  | { readonly kind: 'latency'; readonly ms: number }
  | { readonly kind: 'malformed-json' };

interface Armed {
  readonly fault: Fault;
  /** Only requests whose `METHOD path` matches this pattern. */
  readonly route: RegExp;
  remaining: number;
}

/** Faults armed by tests, applied by the fakes before they answer. */
export class FaultPlan {
  readonly #armed: Armed[] = [];

  /** Applies `fault` to the next `times` requests matching `route` (e.g. /^POST \/v1\/validations/). */
  inject(route: RegExp, fault: Fault, times = 1): void {
    this.#armed.push({ fault, route, remaining: times });
  }

  /** Removes every armed fault. */
  clear(): void {
    this.#armed.length = 0;
  }

  /**
   * Applies the first armed fault matching the request. Returns `true` when
   * the fault answered (or swallowed) the request; `false` when the fake
   * should answer normally (after any latency fault).
   */
  async apply(
    request: IncomingMessage,
    response: ServerResponse,
  ): Promise<'answered' | 'malformed' | 'normal'> {
    const key = `${request.method} ${new URL(request.url ?? '/', 'http://fake').pathname}`;
    const armed = this.#armed.find((a) => a.remaining > 0 && a.route.test(key));
    if (!armed) return 'normal';
    armed.remaining -= 1;
    const { fault } = armed;
    switch (fault.kind) {
      case 'status':
        response.writeHead(fault.status, {
          'Content-Type': 'application/json',
          ...(fault.retryAfter ? { 'Retry-After': fault.retryAfter } : {}),
        });
        response.end(JSON.stringify({ code: fault.status, message: 'injected fault' }));
        return 'answered';
      case 'hang':
        // Never answer; the client's timeout must end it.
        return 'answered';
      case 'latency':
        await new Promise((resolve) => setTimeout(resolve, fault.ms));
        return 'normal';
      case 'malformed-json':
        return 'malformed';
    }
  }
}

/** One webhook a fake sent. */
export interface SentWebhook {
  readonly body: string;
  readonly headers: Readonly<Record<string, string>>;
  /** The receiver's HTTP status; `null` when it could not be reached. */
  readonly status: number | null;
}

/**
 * Where a fake's webhooks go, and the record of what was sent, so that tests
 * can replay a delivery byte for byte.
 */
export class WebhookOutbox {
  /** The receiver's URL; `undefined` drops webhooks (polling must find the verdict). */
  url: string | undefined;
  readonly sent: SentWebhook[] = [];

  constructor(url: string | undefined) {
    this.url = url;
  }

  /** POSTs one webhook and records it. */
  async post(body: string, headers: Record<string, string>): Promise<number | null> {
    if (!this.url) return null;
    const status = await fetch(this.url, { method: 'POST', headers, body })
      .then(async (response) => {
        await response.body?.cancel();
        return response.status;
      })
      .catch(() => null);
    this.sent.push({ body, headers, status });
    return status;
  }

  /** Sends the last webhook again, unchanged (a replay); returns the receiver's status. */
  async replayLast(): Promise<number | null> {
    const last = this.sent.at(-1);
    if (!last) throw new Error('no webhook was sent yet');
    return this.post(last.body, { ...last.headers });
  }
}

/** Reads a request body. */
export function readBody(request: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => resolve(Buffer.concat(chunks)));
    request.on('error', reject);
  });
}

/** Sends JSON, or a deliberately broken body when the fault says so. */
export function sendJson(
  response: ServerResponse,
  status: number,
  body: unknown,
  malformed = false,
): void {
  response.writeHead(status, { 'Content-Type': 'application/json' });
  response.end(malformed ? `${JSON.stringify(body).slice(0, 20)}…{{` : JSON.stringify(body));
}

/** Whether bytes start like a JPEG, PNG or WebP file (what the providers accept). */
export function isAcceptedImage(bytes: Buffer): boolean {
  return (
    (bytes[0] === 0xff && bytes[1] === 0xd8 && bytes[2] === 0xff) ||
    bytes.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) ||
    (bytes.subarray(0, 4).toString('latin1') === 'RIFF' &&
      bytes.subarray(8, 12).toString('latin1') === 'WEBP')
  );
}

/**
 * Whether `bytes` start like a video in one of the containers Truora's
 * docs list for a video selfie: WebM/Matroska (EBML), MP4 or MOV (an ISO
 * BMFF `ftyp`/`moov`/`mdat` box first) or AVI (RIFF … AVI).
 */
export function isAcceptedVideo(bytes: Buffer): boolean {
  const box = bytes.subarray(4, 8).toString('latin1');
  return (
    bytes.subarray(0, 4).equals(Buffer.from([0x1a, 0x45, 0xdf, 0xa3])) ||
    ['ftyp', 'moov', 'mdat', 'wide'].includes(box) ||
    (bytes.subarray(0, 4).toString('latin1') === 'RIFF' &&
      bytes.subarray(8, 12).toString('latin1') === 'AVI ')
  );
}

/** One API request to a fake, read and past its armed faults. */
export interface FakeCall {
  readonly request: IncomingMessage;
  readonly response: ServerResponse;
  readonly url: URL;
  /** `METHOD path`. */
  readonly route: string;
  readonly body: Buffer;
  /** A `malformed-json` fault is armed: answer with a broken body. */
  readonly malformed: boolean;
}

/**
 * Starts a fake's HTTP server on 127.0.0.1: logs each request (`METHOD path?query`) to
 * `log`, applies `faults`, reads the body and hands the rest to `handle`.
 * A handler that throws answers 500.
 */
export async function serveFake(
  faults: FaultPlan,
  log: string[],
  handle: (call: FakeCall) => Promise<void> | void,
): Promise<{ url: string; close: () => Promise<void> }> {
  const server = createServer((request, response) => {
    const url = new URL(request.url ?? '/', 'http://fake');
    const route = `${request.method} ${url.pathname}`;
    log.push(`${route}${url.search}`);
    (async () => {
      const fault = await faults.apply(request, response);
      if (fault === 'answered') return;
      const body = await readBody(request);
      await handle({ request, response, url, route, body, malformed: fault === 'malformed' });
    })().catch(() => {
      if (!response.headersSent) sendJson(response, 500, { message: 'fake failed' });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
