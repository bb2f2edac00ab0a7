import type { CaptureChecks } from '@reverify/contract';
import type { Transaction } from 'kysely';
import type { BiometricQueries } from '../queries/captures.js';
import { imageColumns, imageFromColumns, json, PURGED_IMAGE } from './codec.js';
import type { CommitEffects, Database } from './schema.js';

/**
 * {@link BiometricQueries} on Kysely. Every query that removes image or
 * template bytes sets `effects.erasedBiometrics`, so the store can scrub
 * whatever copies of the pages it keeps (SQLite's WAL) after the commit.
 */
export function biometricQueries(
  db: Transaction<Database>,
  effects: CommitEffects,
): BiometricQueries {
  const ofReference = (referenceId: string) =>
    db.selectFrom('reverifications').select('id').where('referenceId', '=', referenceId);
  return {
    async putReferenceImage(enrollmentId, image) {
      const removed = await db
        .deleteFrom('referenceImages')
        .where('enrollmentId', '=', enrollmentId)
        .executeTakeFirst();
      if (removed.numDeletedRows > 0n) effects.erasedBiometrics = true;
      if (image)
        await db
          .insertInto('referenceImages')
          .values({ enrollmentId, ...image })
          .execute();
    },
    async getReferenceImage(enrollmentId) {
      const row = await db
        .selectFrom('referenceImages')
        .selectAll()
        .where('enrollmentId', '=', enrollmentId)
        .executeTakeFirst();
      return row ? imageFromColumns(row) : null;
    },
    async insertCapture(record) {
      await db
        .insertInto('captures')
        .values({
          id: record.id,
          reverificationId: record.reverificationId,
          idempotencyKey: record.idempotencyKey,
          ...imageColumns(record.image),
          checks: record.checks ? json.encode(record.checks) : null,
          createdAt: record.createdAt,
          purgedAt: record.purgedAt,
        })
        .execute();
    },
    async getCaptureByReverification(reverificationId) {
      const row = await db
        .selectFrom('captures')
        .selectAll()
        .where('reverificationId', '=', reverificationId)
        .executeTakeFirst();
      if (!row) return null;
      return {
        id: row.id,
        reverificationId: row.reverificationId,
        idempotencyKey: row.idempotencyKey,
        image: imageFromColumns(row),
        checks: json.decodeNullable<CaptureChecks>(row.checks),
        createdAt: row.createdAt,
        purgedAt: row.purgedAt,
      };
    },
    async purgeCaptures(now) {
      const result = await db
        .updateTable('captures')
        .set({ ...PURGED_IMAGE, purgedAt: now })
        .where('bytes', 'is not', null)
        .where('reverificationId', 'in', (qb) =>
          qb.selectFrom('reverifications').select('id').where('purgeAfter', '<=', now),
        )
        .executeTakeFirst();
      if (result.numUpdatedRows > 0n) effects.erasedBiometrics = true;
      return Number(result.numUpdatedRows);
    },
    async deleteBiometricData(referenceId, at) {
      const images = await db
        .deleteFrom('referenceImages')
        .where('enrollmentId', 'in', (qb) =>
          qb.selectFrom('enrollments').select('id').where('referenceId', '=', referenceId),
        )
        .executeTakeFirst();
      const captures = await db
        .updateTable('captures')
        .set({ ...PURGED_IMAGE, purgedAt: at })
        .where('bytes', 'is not', null)
        .where('reverificationId', 'in', () => ofReference(referenceId))
        .executeTakeFirst();
      const templates = await db
        .deleteFrom('providerTemplates')
        .where('referenceId', '=', referenceId)
        .executeTakeFirst();
      effects.erasedBiometrics = true;
      return {
        referenceImages: Number(images.numDeletedRows),
        captures: Number(captures.numUpdatedRows),
        templates: Number(templates.numDeletedRows),
      };
    },
    async putTemplate(provider, referenceId, template) {
      const removed = await db
        .deleteFrom('providerTemplates')
        .where('provider', '=', provider)
        .where('referenceId', '=', referenceId)
        .executeTakeFirst();
      if (removed.numDeletedRows > 0n) effects.erasedBiometrics = true;
      if (template) {
        await db
          .insertInto('providerTemplates')
          .values({ provider, referenceId, template })
          .execute();
      }
    },
    async getTemplate(provider, referenceId) {
      const row = await db
        .selectFrom('providerTemplates')
        .select('template')
        .where('provider', '=', provider)
        .where('referenceId', '=', referenceId)
        .executeTakeFirst();
      return row ? new Uint8Array(row.template) : null;
    },
  };
}
