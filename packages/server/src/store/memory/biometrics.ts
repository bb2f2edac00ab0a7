import type { BiometricQueries, CaptureRecord } from '../queries/captures.js';
import type { Tables } from './memory-store.js';

/** {@link BiometricQueries} over the memory store's tables. */
export function biometricQueries(t: Tables): BiometricQueries {
  const captureOf = (reverificationId: string) =>
    [...t.captures.values()].find((c) => c.reverificationId === reverificationId) ?? null;
  /** Removes a capture's image, keyframes and clip; whether it held an image. */
  const erase = (capture: CaptureRecord, at: string) => {
    const counts = {
      keyframes: t.keyframes.get(capture.id)?.length ?? 0,
      clips: t.clips.has(capture.id) ? 1 : 0,
    };
    t.keyframes.delete(capture.id);
    t.clips.delete(capture.id);
    if (capture.image) t.captures.set(capture.id, { ...capture, image: null, purgedAt: at });
    return { image: capture.image !== null, ...counts };
  };
  return {
    async putReferenceImage(enrollmentId, image) {
      if (image) t.referenceImages.set(enrollmentId, image);
      else t.referenceImages.delete(enrollmentId);
    },
    async getReferenceImage(enrollmentId) {
      return t.referenceImages.get(enrollmentId) ?? null;
    },
    async insertCapture(record) {
      const clash = captureOf(record.reverificationId) !== null;
      if (clash || t.captures.has(record.id)) throw new Error('duplicate capture');
      t.captures.set(record.id, { ...record });
    },
    async getCaptureByReverification(reverificationId) {
      return captureOf(reverificationId);
    },
    async insertKeyframes(captureId, keyframes) {
      if (!t.captures.has(captureId)) throw new Error(`unknown capture ${captureId}`);
      t.keyframes.set(captureId, [...(t.keyframes.get(captureId) ?? []), ...keyframes]);
    },
    async listKeyframes(reverificationId) {
      const capture = captureOf(reverificationId);
      return [...((capture && t.keyframes.get(capture.id)) ?? [])].sort((a, b) => a.atMs - b.atMs);
    },
    async insertClip(captureId, clip) {
      if (!t.captures.has(captureId)) throw new Error(`unknown capture ${captureId}`);
      t.clips.set(captureId, clip);
    },
    async getClip(reverificationId) {
      const capture = captureOf(reverificationId);
      return (capture && t.clips.get(capture.id)) ?? null;
    },
    async purgeCaptures(now) {
      let purged = 0;
      for (const capture of t.captures.values()) {
        const owner = t.reverifications.get(capture.reverificationId);
        if (owner?.purgeAfter != null && owner.purgeAfter <= now && erase(capture, now).image) {
          purged += 1;
        }
      }
      return purged;
    },
    async deleteBiometricData(referenceId, at) {
      let referenceImages = 0;
      for (const enrollment of t.enrollments.values()) {
        if (enrollment.referenceId === referenceId && t.referenceImages.delete(enrollment.id)) {
          referenceImages += 1;
        }
      }
      let captures = 0;
      let keyframes = 0;
      let clips = 0;
      for (const capture of t.captures.values()) {
        if (t.reverifications.get(capture.reverificationId)?.referenceId !== referenceId) continue;
        const erased = erase(capture, at);
        captures += erased.image ? 1 : 0;
        keyframes += erased.keyframes;
        clips += erased.clips;
      }
      let templates = 0;
      for (const key of [...t.templates.keys()]) {
        if (key.endsWith(`\u0000${referenceId}`) && t.templates.delete(key)) templates += 1;
      }
      return { referenceImages, captures, templates, keyframes, clips };
    },
    async putTemplate(provider, referenceId, template) {
      const key = `${provider}\u0000${referenceId}`;
      if (template) t.templates.set(key, new Uint8Array(template));
      else t.templates.delete(key);
    },
    async getTemplate(provider, referenceId) {
      return t.templates.get(`${provider}\u0000${referenceId}`) ?? null;
    },
  };
}
