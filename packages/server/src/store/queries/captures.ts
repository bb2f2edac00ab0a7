import type { CaptureChecks } from '@reverify/contract';
import type { StoredImage } from '../../plugin/provider.js';

/** The uploaded selfie of a reverification. */
export interface CaptureRecord {
  readonly id: string;
  readonly reverificationId: string;
  /** The `Idempotency-Key` of the upload that created it, if any. */
  readonly idempotencyKey: string | null;
  /** The sanitized image; `null` once retention purged it. */
  readonly image: StoredImage | null;
  /** The device's quality telemetry, sent with the upload. */
  readonly checks: CaptureChecks | null;
  readonly createdAt: string;
  readonly purgedAt: string | null;
}

/** Counts of biometric records removed by {@link BiometricQueries.deleteBiometricData}. */
export interface BiometricDeletion {
  readonly referenceImages: number;
  readonly captures: number;
  /** Provider face templates (e.g. the local matcher's embeddings). */
  readonly templates: number;
}

/**
 * Biometric data: reference selfies, captures and provider face templates,
 * with retention and deletion. A store must leave nothing recoverable of
 * what these delete.
 */
export interface BiometricQueries {
  /** Stores (or with `null` deletes) the reference selfie of an enrollment. */
  putReferenceImage(enrollmentId: string, image: StoredImage | null): Promise<void>;
  getReferenceImage(enrollmentId: string): Promise<StoredImage | null>;
  insertCapture(record: CaptureRecord): Promise<void>;
  getCaptureByReverification(reverificationId: string): Promise<CaptureRecord | null>;
  /** Deletes the image bytes of captures whose reverification's `purgeAfter` ≤ `now`; returns how many. */
  purgeCaptures(now: string): Promise<number>;
  /** Deletes every reference image, capture image and provider template of `referenceId`. */
  deleteBiometricData(referenceId: string, at: string): Promise<BiometricDeletion>;
  /** Stores (or with `null` deletes) a provider's face template of a person. */
  putTemplate(provider: string, referenceId: string, template: Uint8Array | null): Promise<void>;
  getTemplate(provider: string, referenceId: string): Promise<Uint8Array | null>;
}
