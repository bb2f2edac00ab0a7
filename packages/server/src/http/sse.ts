import { isSettled, type StreamEvent } from '@reverify/contract';
import type { Streams } from '../core/streams.js';

/** Options of {@link streamEvents}. */
export interface StreamOptions {
  /** Milliseconds between heartbeat comments. */
  readonly heartbeatMs: number;
  /** Milliseconds a browser waits before reconnecting (the SSE `retry:` field). */
  readonly retryMs: number;
}

const encoder = new TextEncoder();
const HEARTBEAT = encoder.encode(': heartbeat\n\n');
/** One encoding per event object: a broadcast reaches every stream as the same object. */
const frames = new WeakMap<StreamEvent, Uint8Array>();

function frameOf(event: StreamEvent): Uint8Array {
  let frame = frames.get(event);
  if (!frame) {
    frame = encoder.encode(
      `id: ${event.sequence}\nevent: ${event.type}\ndata: ${JSON.stringify(event)}\n\n`,
    );
    frames.set(event, frame);
  }
  return frame;
}

/**
 * Streams a reverification's events as Server-Sent Events: replays what was
 * committed after `afterSequence`, then follows live events, each with its
 * `id:` so a reconnect with `Last-Event-ID` resumes without loss or repeat.
 * Sends a heartbeat comment every `heartbeatMs` and closes after the
 * settling event, or when the handler closes (the browser then resumes
 * elsewhere). Frames are pushed synchronously, so one broadcast costs a
 * few microseconds per stream.
 */
export function streamEvents(
  streams: Streams,
  reverificationId: string,
  afterSequence: number,
  options: StreamOptions,
): Response {
  let stop = () => {};
  const body = new ReadableStream<Uint8Array>({
    start(controller) {
      let last = afterSequence;
      let replaying = true;
      let done = false;
      const held: StreamEvent[] = [];
      // Subscribe before the replay so nothing committed in between is missed;
      // the sequence check drops what the replay already sent.
      const unsubscribe = streams.bus.subscribe(reverificationId, (event) => {
        if (replaying) held.push(event);
        else send(event);
      });
      const heartbeat = setInterval(() => controller.enqueue(HEARTBEAT), options.heartbeatMs);
      const finish = () => {
        if (done) return;
        stop();
        controller.close();
      };
      // On shutdown the stream ends; the browser resumes on another instance.
      const undrain = streams.bus.onDrain(finish);
      stop = () => {
        if (done) return;
        done = true;
        clearInterval(heartbeat);
        unsubscribe();
        undrain();
      };
      function send(event: StreamEvent): void {
        if (done || event.sequence <= last) return;
        last = event.sequence;
        controller.enqueue(frameOf(event));
        if (isSettled(event.status)) finish();
      }
      controller.enqueue(encoder.encode(`retry: ${options.retryMs}\n\n`));
      streams.listEvents(reverificationId, afterSequence).then(
        ({ events, settled }) => {
          for (const event of [...events, ...held]) send(event);
          replaying = false;
          // Resumed after the settling event: nothing is left to come.
          if (settled) finish();
        },
        (error: unknown) => {
          // A failed store read ends the stream; the client resumes with Last-Event-ID.
          stop();
          controller.error(error);
        },
      );
    },
    cancel() {
      stop();
    },
  });
  return new Response(body, {
    headers: {
      'Content-Type': 'text/event-stream; charset=utf-8',
      'Cache-Control': 'no-store',
      'X-Accel-Buffering': 'no',
    },
  });
}
