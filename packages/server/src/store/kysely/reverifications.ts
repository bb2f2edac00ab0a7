import type {
  AssuranceTier,
  ChallengeMove,
  Decision,
  LivenessPolicy,
  Metadata,
  MethodUse,
  ReasonCode,
  ReverificationMethod,
  ReverificationStatus,
  SandboxOutcome,
  Steps,
} from '@reverify/contract';
import type { Selectable, Transaction } from 'kysely';
import {
  FIXED_REVERIFICATION_FIELDS,
  type PendingMatch,
  type ReverificationQueries,
  type ReverificationRecord,
  type StoredChallenge,
} from '../queries/reverifications.js';
import { json } from './codec.js';
import { ACTIVE_STATUSES, type Database } from './schema.js';

/** Ids per `IN (…)` list: SQLite caps the bound parameters of one statement. */
const ID_CHUNK = 500;

/** A stored row as the record the core works with. */
export function reverificationFromRow(
  row: Selectable<Database['reverifications']>,
): ReverificationRecord {
  return {
    ...row,
    status: row.status as ReverificationStatus,
    decision: row.decision as Decision | null,
    reasons: json.decode<ReasonCode[]>(row.reasons),
    metadata: json.decode<Metadata>(row.metadata),
    sandboxOutcome: row.sandboxOutcome as SandboxOutcome | null,
    livenessPolicy: row.livenessPolicy as LivenessPolicy,
    tier: row.tier as AssuranceTier,
    challenge: json.decodeNullable<StoredChallenge>(row.challenge),
    fixedChallengeMoves: json.decodeNullable<ChallengeMove[]>(row.fixedChallengeMoves),
    steps: json.decode<Steps>(row.steps),
    livenessReasons: json.decode<ReasonCode[]>(row.livenessReasons),
    pendingMatch: json.decodeNullable<PendingMatch>(row.pendingMatch),
    methodPolicy: json.decode<ReverificationMethod[][]>(row.methodPolicy),
    verifiedBy: json.decode<MethodUse[]>(row.verifiedBy),
  };
}

function reverificationRow(record: ReverificationRecord) {
  return {
    ...record,
    reasons: json.encode(record.reasons),
    metadata: json.encode(record.metadata),
    challenge: record.challenge ? json.encode(record.challenge) : null,
    fixedChallengeMoves: record.fixedChallengeMoves
      ? json.encode(record.fixedChallengeMoves)
      : null,
    steps: json.encode(record.steps),
    livenessReasons: json.encode(record.livenessReasons),
    pendingMatch: record.pendingMatch ? json.encode(record.pendingMatch) : null,
    methodPolicy: json.encode(record.methodPolicy),
    verifiedBy: json.encode(record.verifiedBy),
  };
}

/** A row without its {@link FIXED_REVERIFICATION_FIELDS}: what an update writes. */
function changeableColumns<Row extends Record<string, unknown>>(row: Row): Partial<Row> {
  const changes: Partial<Row> = { ...row };
  for (const field of FIXED_REVERIFICATION_FIELDS) delete changes[field];
  return changes;
}

/** {@link ReverificationQueries} on Kysely. */
export function reverificationQueries(db: Transaction<Database>): ReverificationQueries {
  return {
    async getReverification(id) {
      const row = await db
        .selectFrom('reverifications')
        .selectAll()
        .where('id', '=', id)
        .executeTakeFirst();
      return row ? reverificationFromRow(row) : null;
    },
    async getReverifications(ids) {
      const records: ReverificationRecord[] = [];
      for (let start = 0; start < ids.length; start += ID_CHUNK) {
        const rows = await db
          .selectFrom('reverifications')
          .selectAll()
          .where('id', 'in', ids.slice(start, start + ID_CHUNK))
          .execute();
        records.push(...rows.map(reverificationFromRow));
      }
      return records;
    },
    async findActiveReverification(referenceId) {
      const row = await db
        .selectFrom('reverifications')
        .selectAll()
        .where('referenceId', '=', referenceId)
        .where('status', 'in', ACTIVE_STATUSES)
        .orderBy('createdAt', 'desc')
        .limit(1)
        .executeTakeFirst();
      return row ? reverificationFromRow(row) : null;
    },
    async insertReverification(record) {
      await db.insertInto('reverifications').values(reverificationRow(record)).execute();
    },
    async updateReverification(record) {
      const result = await db
        .updateTable('reverifications')
        .set(changeableColumns(reverificationRow(record)))
        .where('id', '=', record.id)
        .executeTakeFirst();
      if (result.numUpdatedRows !== 1n) throw new Error(`unknown reverification ${record.id}`);
    },
    async listDueForExpiry(now, limit) {
      const rows = await db
        .selectFrom('reverifications')
        .selectAll()
        .where('status', 'in', ACTIVE_STATUSES)
        .where('expiresAt', '<=', now)
        .orderBy('expiresAt')
        .limit(limit)
        .execute();
      return rows.map(reverificationFromRow);
    },
    async listReverifications(filter) {
      let query = db.selectFrom('reverifications');
      if (filter.referenceId) query = query.where('referenceId', '=', filter.referenceId);
      if (filter.status) query = query.where('status', '=', filter.status);
      if (filter.decision) query = query.where('decision', '=', filter.decision);
      const direction = filter.order === 'newest' ? 'desc' : 'asc';
      const { after } = filter;
      const page = after
        ? query.where((eb) =>
            eb(
              eb.refTuple('createdAt', 'id'),
              direction === 'desc' ? '<' : '>',
              eb.tuple(after.createdAt, after.id),
            ),
          )
        : query;
      const [rows, count] = await Promise.all([
        page
          .selectAll()
          .orderBy('createdAt', direction)
          .orderBy('id', direction)
          .limit(filter.limit)
          .offset(filter.offset)
          .execute(),
        // Counted over a bounded subquery: a big table is not scanned to the end.
        db
          .selectFrom(query.select('id').limit(filter.countUpTo).as('matches'))
          .select((eb) => eb.fn.countAll<number>().as('total'))
          .executeTakeFirstOrThrow(),
      ]);
      return { records: rows.map(reverificationFromRow), total: Number(count.total) };
    },
    async countCreatedSince(referenceId, since) {
      const row = await db
        .selectFrom('reverifications')
        .select((eb) => [eb.fn.countAll<number>().as('count'), eb.fn.min('createdAt').as('oldest')])
        .where('referenceId', '=', referenceId)
        .where('createdAt', '>=', since)
        .executeTakeFirstOrThrow();
      return { count: Number(row.count), oldest: (row.oldest as string | null) ?? null };
    },
    async findProcessingByReference(provider, providerReference) {
      const row = await db
        .selectFrom('reverifications')
        .selectAll()
        .where('provider', '=', provider)
        .where('providerReference', '=', providerReference)
        .where('status', '=', 'processing')
        .executeTakeFirst();
      return row ? reverificationFromRow(row) : null;
    },
    async listProcessing(provider, limit, filter) {
      let query = db
        .selectFrom('reverifications')
        .selectAll()
        .where('status', '=', 'processing')
        .where('provider', '=', provider);
      if (filter.withReference) query = query.where('providerReference', 'is not', null);
      const rows = await query.orderBy('expiresAt').limit(limit).execute();
      return rows.map(reverificationFromRow);
    },
  };
}
