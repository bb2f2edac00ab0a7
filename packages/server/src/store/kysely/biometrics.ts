import type { CaptureChecks, KeyframeName } from '@reverify/contract';
import type { Transaction } from 'kysely';
import type { BiometricQueries, CapturePresence } from '../queries/captures.js';
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
  const capturesOf = (reverifications: ReturnType<typeof ofReference>) =>
    db.selectFrom('captures').select('id').where('reverificationId', 'in', reverifications);
  /** Deletes the keyframes and clips of the captures `captureIds` selects; returns how many of each. */
  const deleteChallengeMedia = async (captureIds: ReturnType<typeof capturesOf>) => {
    const keyframes = await db
      .deleteFrom('captureKeyframes')
      .where('captureId', 'in', captureIds)
      .executeTakeFirst();
    const clips = await db
      .deleteFrom('captureClips')
      .where('captureId', 'in', captureIds)
      .executeTakeFirst();
    const counts = {
      keyframes: Number(keyframes.numDeletedRows),
      clips: Number(clips.numDeletedRows),
    };
    if (counts.keyframes + counts.clips > 0) effects.erasedBiometrics = true;
    return counts;
  };
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
          presence: record.presence ? json.encode(record.presence) : null,
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
        presence: json.decodeNullable<CapturePresence>(row.presence),
        createdAt: row.createdAt,
        purgedAt: row.purgedAt,
      };
    },
    async insertKeyframes(captureId, keyframes) {
      if (keyframes.length === 0) return;
      await db
        .insertInto('captureKeyframes')
        .values(
          keyframes.map((keyframe) => ({
            captureId,
            name: keyframe.name,
            atMs: keyframe.atMs,
            ...keyframe.image,
          })),
        )
        .execute();
    },
    async listKeyframes(reverificationId) {
      const rows = await db
        .selectFrom('captureKeyframes as k')
        .innerJoin('captures as c', 'c.id', 'k.captureId')
        .select(['k.name', 'k.atMs', 'k.bytes', 'k.format', 'k.width', 'k.height'])
        .where('c.reverificationId', '=', reverificationId)
        .orderBy('k.atMs')
        .execute();
      return rows.flatMap((row) => {
        const image = imageFromColumns(row);
        return image ? [{ name: row.name as KeyframeName, atMs: row.atMs, image }] : [];
      });
    },
    async insertClip(captureId, clip) {
      await db
        .insertInto('captureClips')
        .values({ captureId, ...clip })
        .execute();
    },
    async getClip(reverificationId) {
      const row = await db
        .selectFrom('captureClips as k')
        .innerJoin('captures as c', 'c.id', 'k.captureId')
        .select(['k.bytes', 'k.mimeType', 'k.durationMs', 'k.width', 'k.height', 'k.codec'])
        .where('c.reverificationId', '=', reverificationId)
        .executeTakeFirst();
      return row ? { ...row, bytes: new Uint8Array(row.bytes) } : null;
    },
    async purgeCaptures(now) {
      const due = db.selectFrom('reverifications').select('id').where('purgeAfter', '<=', now);
      await deleteChallengeMedia(
        db.selectFrom('captures').select('id').where('reverificationId', 'in', due),
      );
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
      const media = await deleteChallengeMedia(capturesOf(ofReference(referenceId)));
      effects.erasedBiometrics = true;
      return {
        referenceImages: Number(images.numDeletedRows),
        captures: Number(captures.numUpdatedRows),
        templates: Number(templates.numDeletedRows),
        ...media,
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
