import pg from 'pg';

/** The channel committed events are announced on (`pg_notify`, fired at commit, never stored). */
export const EVENTS_CHANNEL = 'reverify_events';

/** A notification's payload: the announcing store's id, a space, the reverification id. */
export const eventNotice = (store: string, reverificationId: string) =>
  `${store} ${reverificationId}`;

/** Milliseconds between reconnection attempts of a lost listening connection. */
const RECONNECT_MS = [100, 250, 500, 1000, 2000];

/**
 * Listens on {@link EVENTS_CHANNEL} with a connection of its own (a pooled
 * one would be handed to other work) for the events other stores
 * committed: a notice of store `self` is skipped, as that store's instance
 * already delivered its events to its streams. A lost connection is opened
 * again, and `onEvents` then gets `'all'`, since notices sent meanwhile are
 * gone.
 */
export async function watchEventChannel(
  connection: pg.ClientConfig,
  self: string,
  onEvents: (reverificationIds: readonly string[] | 'all') => void,
): Promise<() => Promise<void>> {
  let client: pg.Client | null = null;
  let closed = false;
  let attempt = 0;
  const connect = async (): Promise<void> => {
    const next = new pg.Client(connection);
    next.on('notification', (message) => {
      if (message.channel !== EVENTS_CHANNEL || !message.payload) return;
      const [store, reverificationId] = message.payload.split(' ');
      if (store !== self && reverificationId) onEvents([reverificationId]);
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
