import { isSettled, type StreamEvent } from '@reverify/contract';
import { SSEStreamingApi } from 'hono/streaming';
import type { ReverifyCore } from '../core/reverify-core.js';

/** Options of {@link streamEvents}. */
export interface StreamOptions {
  /** Milliseconds between heartbeat comments. */
  readonly heartbeatMs: number;
  /** Milliseconds a browser waits before reconnecting (the SSE `retry:` field). */
  readonly retryMs: number;
}

/**
 * Streams a reverification's events as Server-Sent Events: replays what was
 * committed after `afterSequence`, then follows live events, each with its
 * `id:` so a reconnect with `Last-Event-ID` resumes without loss or repeat.
 * Sends a heartbeat comment every `heartbeatMs` and closes after the
 * settling event.
 */
export function streamEvents(
  core: ReverifyCore,
  reverificationId: string,
  afterSequence: number,
  options: StreamOptions,
): Response {
  const { readable, writable } = new TransformStream<Uint8Array, Uint8Array>();
  const stream = new SSEStreamingApi(writable, readable);
  const follow = async () => {
    let last = afterSequence;
    let settled = false;
    const pending: StreamEvent[] = [];
    let wake: (() => void) | undefined;
    // Subscribe before the replay so nothing committed in between is missed;
    // the sequence check below drops what the replay already sent.
    const unsubscribe = core.bus.subscribe(reverificationId, (event) => {
      pending.push(event);
      wake?.();
    });
    stream.onAbort(() => wake?.());
    const send = async (event: StreamEvent) => {
      if (event.sequence <= last) return;
      last = event.sequence;
      await stream.writeSSE({
        id: String(event.sequence),
        event: event.type,
        data: JSON.stringify(event),
      });
      if (isSettled(event.status)) settled = true;
    };
    try {
      await stream.write(`retry: ${options.retryMs}\n\n`);
      for (const event of await core.listEvents(reverificationId, afterSequence)) await send(event);
      while (!settled && !stream.aborted) {
        if (pending.length === 0) {
          const woke = await new Promise<boolean>((resolve) => {
            const timer = setTimeout(() => resolve(false), options.heartbeatMs);
            wake = () => {
              clearTimeout(timer);
              resolve(true);
            };
          });
          wake = undefined;
          if (!woke && !stream.aborted) await stream.write(': heartbeat\n\n');
        }
        while (pending.length > 0 && !settled) await send(pending.shift() as StreamEvent);
      }
    } finally {
      unsubscribe();
      await stream.close();
    }
  };
  // A failed store read ends the stream; the client resumes with Last-Event-ID.
  follow().catch(() => stream.abort());
  return new Response(stream.responseReadable, {
    headers: {
      'Content-Type': 'text/event-stream; charset=utf-8',
      'Cache-Control': 'no-store',
      'X-Accel-Buffering': 'no',
    },
  });
}
