import type { Transaction } from 'kysely';
import type { EventQueries, EventRecord } from '../queries/events.js';
import { json } from './codec.js';
import type { CommitEffects, Database } from './schema.js';

/** {@link EventQueries} on Kysely: each event is stored as its exact JSON. */
export function eventQueries(db: Transaction<Database>, effects: CommitEffects): EventQueries {
  return {
    async appendEvent(event) {
      effects.eventsOf.add(event.reverificationId);
      await db
        .insertInto('reverificationEvents')
        .values({
          reverificationId: event.reverificationId,
          sequence: event.sequence,
          payload: json.encode(event),
        })
        .execute();
    },
    async listEvents(reverificationId, afterSequence) {
      const rows = await db
        .selectFrom('reverificationEvents')
        .select('payload')
        .where('reverificationId', '=', reverificationId)
        .where('sequence', '>', afterSequence)
        .orderBy('sequence')
        .execute();
      return rows.map((row) => json.decode<EventRecord>(row.payload));
    },
    async lastEventSequence(reverificationId) {
      const row = await db
        .selectFrom('reverificationEvents')
        .select(({ fn }) => fn.max('sequence').as('last'))
        .where('reverificationId', '=', reverificationId)
        .executeTakeFirst();
      return Number(row?.last ?? 0);
    },
  };
}
