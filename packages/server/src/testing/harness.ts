import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { ReverificationSession, StreamEvent } from '@reverify/contract';
import { createParser } from 'eventsource-parser';
import { toNodeListener } from '../adapters/node.js';
import {
  createReverifyHandler,
  type ReverifyHandler,
  type ReverifyHandlerOptions,
} from '../handler.js';
import { createSandboxProvider } from '../providers/sandbox-provider.js';
import { createMemoryStore } from '../store/memory/memory-store.js';
import { testPhoto } from './images.js';

/** Keys and origin every test server accepts. */
export const SECRET_KEY = 'sk_test_0123456789abcdefghijklmnopqrstuv';
export const PUBLISHABLE_KEY = 'pk_test_0123456789abcdefghijklmnopqrstuv';
export const ORIGIN = 'http://app.test';

/** Options of one API call made by a test. */
export interface CallOptions {
  readonly method?: string;
  /** Bearer credential; default the secret key. `null` sends none. */
  readonly auth?: string | null;
  readonly json?: unknown;
  readonly body?: RequestInit['body'];
  readonly origin?: string;
  readonly headers?: Record<string, string>;
}

/** A handler on a real socket on 127.0.0.1, with a clock the test moves. */
export interface TestServer {
  readonly url: string;
  readonly handler: ReverifyHandler;
  /** Moves the handler's clock forward. */
  advance(seconds: number): void;
  call(path: string, options?: CallOptions): Promise<Response>;
  /** Creates a reverification with the secret key and returns the session. */
  session(body: Record<string, unknown>): Promise<ReverificationSession>;
  /** Uploads `image` as the capture of `session`. */
  upload(
    session: ReverificationSession,
    image: Uint8Array,
    options?: {
      idempotencyKey?: string;
      token?: string;
      origin?: string;
      checks?: string;
      /** A challenge video, sent as the `clip` part. */
      clip?: Uint8Array;
    },
  ): Promise<Response>;
  close(): Promise<void>;
}

/** Starts a test server: memory store, fast sandbox, no sweeper timer, short heartbeats. */
export async function startTestServer(
  overrides: Partial<ReverifyHandlerOptions> = {},
): Promise<TestServer> {
  let now = Date.parse('2026-11-25T10:00:00.000Z');
  const handler = await createReverifyHandler({
    mode: 'sandbox',
    secretKeys: [SECRET_KEY],
    publishableKeys: [PUBLISHABLE_KEY],
    store: createMemoryStore(),
    provider: createSandboxProvider({ latencyMs: 30, slowLatencyMs: 400 }),
    allowedOrigins: [ORIGIN],
    sweepIntervalMs: 0,
    heartbeatMs: 100,
    rateLimit: false,
    clock: () => new Date(now),
    ...overrides,
  });
  const server: Server = createServer(toNodeListener(handler));
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  const call = (path: string, options: CallOptions = {}) => {
    const headers: Record<string, string> = { ...options.headers };
    const auth = options.auth === undefined ? SECRET_KEY : options.auth;
    if (auth !== null) headers.Authorization = `Bearer ${auth}`;
    if (options.origin) headers.Origin = options.origin;
    let body = options.body;
    if (options.json !== undefined) {
      headers['Content-Type'] = 'application/json';
      body = JSON.stringify(options.json);
    }
    return fetch(`${url}${path}`, {
      method: options.method ?? (body ? 'POST' : 'GET'),
      headers,
      body: body ?? null,
    });
  };

  return {
    url,
    handler,
    advance(seconds) {
      now += seconds * 1000;
    },
    call,
    async session(body) {
      const response = await call('/v1/reverifications', { json: body });
      if (response.status !== 201 && response.status !== 200) {
        throw new Error(`session failed: ${response.status} ${await response.text()}`);
      }
      return (await response.json()) as ReverificationSession;
    },
    upload(session, image, options = {}) {
      const form = new FormData();
      form.set('image', new Blob([image], { type: 'image/jpeg' }), 'selfie.jpg');
      if (options.checks !== undefined) form.set('checks', options.checks);
      if (options.clip) form.set('clip', new Blob([options.clip]), 'clip.webm');
      return call(`/v1/reverifications/${session.id}/capture`, {
        auth: options.token ?? session.clientToken,
        origin: options.origin ?? ORIGIN,
        body: form,
        headers: options.idempotencyKey ? { 'Idempotency-Key': options.idempotencyKey } : {},
      });
    },
    async close() {
      server.closeAllConnections();
      await new Promise<void>((done) => server.close(() => done()));
      await handler.close();
    },
  };
}

/**
 * Uploads a 320×240 test photo as the capture of `session` to the handler
 * at `base` (any server: a child process, a proxy), as a browser on
 * `origin` would.
 */
export async function uploadTestPhoto(
  base: string,
  session: { readonly id: string; readonly clientToken: string },
  origin = ORIGIN,
): Promise<Response> {
  const form = new FormData();
  form.set('image', new Blob([await testPhoto(320, 240)]), 'selfie.jpg');
  return fetch(`${base}/v1/reverifications/${session.id}/capture`, {
    method: 'POST',
    headers: { Authorization: `Bearer ${session.clientToken}`, Origin: origin },
    body: form,
  });
}

/** One SSE message as a test sees it. */
export interface ReceivedEvent {
  readonly id: string | undefined;
  readonly type: string | undefined;
  readonly data: StreamEvent;
}

/**
 * Reads an SSE stream until it ends or `stopAfter` events arrived (then
 * drops the connection, like a flaky network). Heartbeat comments are counted.
 */
export async function readEvents(
  url: string,
  options: {
    lastEventId?: string;
    stopAfter?: number;
    /** Drop the connection after this many comments (heartbeats). */
    stopAfterComments?: number;
    timeoutMs?: number;
  } = {},
): Promise<{ events: ReceivedEvent[]; comments: string[]; ended: boolean; response: Response }> {
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), options.timeoutMs ?? 5000);
  const headers: Record<string, string> = { Accept: 'text/event-stream' };
  if (options.lastEventId) headers['Last-Event-ID'] = options.lastEventId;
  const response = await fetch(url, { headers, signal: controller.signal });
  const events: ReceivedEvent[] = [];
  const comments: string[] = [];
  let ended = false;
  const parser = createParser({
    onEvent: (message) => {
      events.push({
        id: message.id,
        type: message.event,
        data: JSON.parse(message.data) as StreamEvent,
      });
      if (options.stopAfter !== undefined && events.length >= options.stopAfter) controller.abort();
    },
    onComment: (comment) => {
      comments.push(comment);
      if (options.stopAfterComments !== undefined && comments.length >= options.stopAfterComments)
        controller.abort();
    },
  });
  try {
    if (!response.body) throw new Error('no body');
    const decoder = new TextDecoder();
    for await (const chunk of response.body)
      parser.feed(decoder.decode(chunk as Uint8Array, { stream: true }));
    ended = true;
  } catch (error) {
    if (!controller.signal.aborted) throw error;
  } finally {
    clearTimeout(timer);
  }
  return { events, comments, ended, response };
}
