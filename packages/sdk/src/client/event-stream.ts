import type { StreamEvent } from '@reverify/contract';
import { EVENT_TYPES, isSettled } from '@reverify/contract/constants';
import { apiUrl, fetchJson } from './http.js';
import type { BrowserSession } from './session.js';

/** Options of {@link followEvents}. */
export interface FollowOptions {
  readonly signal: AbortSignal;
  /** Called once per event, in sequence order, never twice for one sequence. */
  readonly onEvent: (event: StreamEvent) => void;
  /** Called when the stream cannot go on (e.g. an expired token while polling). */
  readonly onFailure: (error: unknown) => void;
  /** Milliseconds between polls when SSE is unavailable. Default 1500. */
  readonly pollMs?: number;
  /** Milliseconds for the first SSE event to arrive before switching to polling. Default 8000. */
  readonly sseGraceMs?: number;
}

/**
 * Follows a reverification's events until it settles: Server-Sent Events
 * (the browser reconnects by itself with `Last-Event-ID`), falling back to
 * polling the same events as JSON when SSE is blocked — the stream fails
 * for good, or not even the replay of past events arrives within
 * `sseGraceMs` (a buffering proxy).
 * Events are de-duplicated by sequence.
 */
export function followEvents(
  endpoint: string,
  session: BrowserSession,
  options: FollowOptions,
): void {
  let last = 0;
  let settled = false;
  let source: EventSource | null = null;
  let graceTimer: ReturnType<typeof setTimeout> | undefined;

  const deliver = (event: StreamEvent) => {
    if (settled || event.sequence <= last) return;
    last = event.sequence;
    if (isSettled(event.status)) settled = true;
    options.onEvent(event);
    if (settled) stop();
  };
  const stop = () => {
    clearTimeout(graceTimer);
    source?.close();
    source = null;
  };
  options.signal.addEventListener(
    'abort',
    () => {
      settled = true;
      stop();
    },
    { once: true },
  );

  const poll = async () => {
    stop();
    while (!settled && !options.signal.aborted) {
      try {
        const { events } = await fetchJson<{ events: StreamEvent[] }>(
          apiUrl(endpoint, `/v1/reverifications/${session.reverificationId}/events?after=${last}`),
          {
            signal: options.signal,
            headers: { Authorization: `Bearer ${session.streamToken}`, Accept: 'application/json' },
          },
        );
        for (const event of events) deliver(event);
      } catch (error) {
        const status = (error as { status?: number }).status ?? 0;
        if (options.signal.aborted) return;
        // Network blips and 5xx: keep polling; anything else (expired token…) ends the stream.
        if (status !== 0 && status < 500) {
          options.onFailure(error);
          return;
        }
      }
      if (!settled) await new Promise((resolve) => setTimeout(resolve, options.pollMs ?? 1500));
    }
  };

  if (typeof EventSource === 'undefined') {
    void poll();
    return;
  }
  const url = apiUrl(
    endpoint,
    `/v1/reverifications/${session.reverificationId}/events?token=${encodeURIComponent(session.streamToken)}`,
  );
  source = new EventSource(url);
  // The handler replays past events at once, so silence means a buffering proxy.
  graceTimer = setTimeout(() => void poll(), options.sseGraceMs ?? 8000);
  for (const type of EVENT_TYPES) {
    source.addEventListener(type, (message) => {
      clearTimeout(graceTimer);
      deliver(JSON.parse((message as MessageEvent<string>).data) as StreamEvent);
    });
  }
  source.addEventListener('error', () => {
    // CLOSED means the browser gave up (HTTP error, wrong content type): poll instead.
    if (source?.readyState === EventSource.CLOSED && !settled) void poll();
  });
}
