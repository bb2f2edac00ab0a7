import type { ReverificationMethod } from '@reverify/contract';
import type { Selectable, Transaction } from 'kysely';
import type {
  FactorAuditRecord,
  FactorChallengePurpose,
  FactorChallengeRecord,
  FactorQueries,
  PasskeyRecord,
  TotpRecord,
} from '../queries/factors.js';
import { json } from './codec.js';
import type { Database } from './schema.js';

const passkeyFromRow = (row: Selectable<Database['passkeys']>): PasskeyRecord => ({
  ...row,
  publicKey: new Uint8Array(row.publicKey),
  // PostgreSQL's bigint arrives as a string.
  counter: Number(row.counter),
  transports: json.decode<string[]>(row.transports),
  deviceType: row.deviceType as PasskeyRecord['deviceType'],
  backedUp: row.backedUp === 1,
});

const totpFromRow = (row: Selectable<Database['totpSecrets']>): TotpRecord => ({
  ...row,
  lastTimeStep: row.lastTimeStep === null ? null : Number(row.lastTimeStep),
});

const challengeFromRow = (
  row: Selectable<Database['factorChallenges']>,
): FactorChallengeRecord => ({ ...row, purpose: row.purpose as FactorChallengePurpose });

/** {@link FactorQueries} on Kysely. */
export function factorQueries(db: Transaction<Database>): FactorQueries {
  return {
    async insertPasskey(record) {
      await db
        .insertInto('passkeys')
        .values({
          ...record,
          transports: json.encode(record.transports),
          backedUp: record.backedUp ? 1 : 0,
        })
        .execute();
    },
    async getPasskey(id) {
      const row = await db
        .selectFrom('passkeys')
        .selectAll()
        .where('id', '=', id)
        .executeTakeFirst();
      return row ? passkeyFromRow(row) : null;
    },
    async listPasskeys(referenceId) {
      const rows = await db
        .selectFrom('passkeys')
        .selectAll()
        .where('referenceId', '=', referenceId)
        .orderBy('createdAt')
        .orderBy('id')
        .execute();
      return rows.map(passkeyFromRow);
    },
    async updatePasskeyUse(id, counter, at) {
      await db
        .updateTable('passkeys')
        .set({ counter, lastUsedAt: at })
        .where('id', '=', id)
        .execute();
    },
    async deletePasskey(referenceId, id) {
      const result = await db
        .deleteFrom('passkeys')
        .where('referenceId', '=', referenceId)
        .where('id', '=', id)
        .executeTakeFirst();
      return result.numDeletedRows > 0n;
    },
    async putTotp(record) {
      await db.deleteFrom('totpSecrets').where('referenceId', '=', record.referenceId).execute();
      await db.insertInto('totpSecrets').values(record).execute();
    },
    async getTotp(referenceId) {
      const row = await db
        .selectFrom('totpSecrets')
        .selectAll()
        .where('referenceId', '=', referenceId)
        .executeTakeFirst();
      return row ? totpFromRow(row) : null;
    },
    async putContacts(record) {
      await db.deleteFrom('contacts').where('referenceId', '=', record.referenceId).execute();
      if (record.phoneNumber !== null || record.email !== null) {
        await db.insertInto('contacts').values(record).execute();
      }
    },
    async getContacts(referenceId) {
      return (
        (await db
          .selectFrom('contacts')
          .selectAll()
          .where('referenceId', '=', referenceId)
          .executeTakeFirst()) ?? null
      );
    },
    async insertFactorChallenge(record) {
      await db.insertInto('factorChallenges').values(record).execute();
    },
    async getFactorChallenge(hash) {
      const row = await db
        .selectFrom('factorChallenges')
        .selectAll()
        .where('hash', '=', hash)
        .executeTakeFirst();
      return row ? challengeFromRow(row) : null;
    },
    async updateFactorChallenge(record) {
      await db
        .updateTable('factorChallenges')
        .set({ attempts: record.attempts, usedAt: record.usedAt })
        .where('hash', '=', record.hash)
        .execute();
    },
    async findOpenCodeChallenge(reverificationId, purpose, now) {
      const row = await db
        .selectFrom('factorChallenges')
        .selectAll()
        .where('reverificationId', '=', reverificationId)
        .where('purpose', '=', purpose)
        .where('usedAt', 'is', null)
        .where('expiresAt', '>', now)
        .orderBy('createdAt', 'desc')
        .executeTakeFirst();
      return row ? challengeFromRow(row) : null;
    },
    async countFactorChallengesSince(purpose, by, since) {
      const row = await db
        .selectFrom('factorChallenges')
        .select((eb) => eb.fn.countAll<number | string>().as('count'))
        .where('purpose', '=', purpose)
        .where('createdAt', '>=', since)
        .$call((qb) =>
          'referenceId' in by
            ? qb.where('referenceId', '=', by.referenceId)
            : qb.where('destinationHash', '=', by.destinationHash),
        )
        .executeTakeFirstOrThrow();
      return Number(row.count);
    },
    async insertFactorToken(record) {
      await db.insertInto('factorTokens').values(record).execute();
    },
    async getFactorToken(hash) {
      return (
        (await db
          .selectFrom('factorTokens')
          .selectAll()
          .where('hash', '=', hash)
          .executeTakeFirst()) ?? null
      );
    },
    async appendFactorAudit(record) {
      await db.insertInto('factorAudit').values(record).execute();
    },
    async listFactorAudit(referenceId) {
      const rows = await db
        .selectFrom('factorAudit')
        .select(['referenceId', 'reverificationId', 'method', 'action', 'code', 'occurredAt'])
        .where('referenceId', '=', referenceId)
        .orderBy('id')
        .execute();
      return rows.map((row) => ({
        ...row,
        method: row.method as ReverificationMethod,
        action: row.action as FactorAuditRecord['action'],
      }));
    },
    async deleteFactors(referenceId) {
      const removed = async (table: 'passkeys' | 'totpSecrets' | 'contacts') =>
        Number(
          (await db.deleteFrom(table).where('referenceId', '=', referenceId).executeTakeFirst())
            .numDeletedRows,
        );
      await db.deleteFrom('factorChallenges').where('referenceId', '=', referenceId).execute();
      await db.deleteFrom('factorTokens').where('referenceId', '=', referenceId).execute();
      return {
        passkeys: await removed('passkeys'),
        authenticators: await removed('totpSecrets'),
        contacts: await removed('contacts'),
      };
    },
  };
}
