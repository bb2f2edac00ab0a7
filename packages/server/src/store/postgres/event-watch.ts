import pg from 'pg';

/** The channel committed events are announced on (`pg_notify`, fired at commit, never stored). */
export const EVENTS_CHANNEL = 'reverify_events';

/** Milliseconds between reconnection attempts of a lost listening connection. */
const RECONNECT_MS = [100, 250, 500, 1000, 2000];

/**
 * Listens on {@link EVENTS_CHANNEL} with a connection of its own (a pooled
 * one would be handed to other work): each notification's payload is a
 * reverification id. A lost connection is opened again, and `onEvents`
 * then gets `'all'`, since notifications sent meanwhile are gone.
 */
export async function watchEventChannel(
  connection: pg.ClientConfig,
  onEvents: (reverificationIds: readonly string[] | 'all') => void,
): Promise<() => Promise<void>> {
  let client: pg.Client | null = null;
  let closed = false;
  let attempt = 0;
  const connect = async (): Promise<void> => {
    const next = new pg.Client(connection);
    next.on('notification', (message) => {
      if (message.channel === EVENTS_CHANNEL && message.payload) onEvents([message.payload]);
    });
    next.on('error', () => undefined);
    next.on('end', () => {
      if (closed) return;
      client = null;
      setTimeout(reconnect, RECONNECT_MS[Math.min(attempt, RECONNECT_MS.length - 1)]).unref();
    });
    await next.connect();
    await next.query(`LISTEN ${EVENTS_CHANNEL}`);
    client = next;
    attempt = 0;
  };
  const reconnect = () => {
    if (closed) return;
    attempt++;
    connect().then(
      () => onEvents('all'),
      () => setTimeout(reconnect, RECONNECT_MS[Math.min(attempt, RECONNECT_MS.length - 1)]).unref(),
    );
  };
  await connect();
  return async () => {
    closed = true;
    await client?.end().catch(() => undefined);
  };
}
