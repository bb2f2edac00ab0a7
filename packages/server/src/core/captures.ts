import type { CaptureChecks, UploadResponse } from '@reverify/contract';
import { sanitizeImage } from '../image/sanitize-image.js';
import { ReverifyError } from '../plugin/errors.js';
import type { StoredImage } from '../plugin/provider.js';
import type { CaptureRecord } from '../store/queries/captures.js';
import type { ReverificationRecord } from '../store/queries/reverifications.js';
import type { TokenRecord } from '../store/queries/tokens.js';
import type { CoreConfig } from './context.js';
import { newId } from './ids.js';
import type { Lifecycle } from './lifecycle.js';
import type { Matching } from './matching.js';

/** An uploaded capture as the HTTP layer hands it over. */
export interface CaptureUpload {
  readonly reverificationId: string;
  /** The upload token, already checked by `Tokens.authorize`. */
  readonly token: TokenRecord;
  readonly idempotencyKey: string | null;
  readonly bytes: Uint8Array;
  readonly checks: CaptureChecks | null;
}

function uploadAlreadyUsed(): ReverifyError {
  return new ReverifyError('upload_already_used', 'This reverification already has its capture.');
}

function uploadResponse(
  record: ReverificationRecord,
  capture: CaptureRecord,
  image: StoredImage,
): UploadResponse {
  return {
    reverificationId: record.id,
    captureId: capture.id,
    status: record.status,
    receivedAt: capture.createdAt,
    image: {
      format: image.format,
      width: image.width,
      height: image.height,
      bytes: image.bytes.byteLength,
    },
  };
}

/** The one capture of a reverification: validated, stored, handed to the provider. */
export class Captures {
  readonly #config: CoreConfig;
  readonly #lifecycle: Lifecycle;
  readonly #matching: Matching;

  constructor(config: CoreConfig, lifecycle: Lifecycle, matching: Matching) {
    this.#config = config;
    this.#lifecycle = lifecycle;
    this.#matching = matching;
  }

  /**
   * Accepts the one capture of a reverification: spends the single-use token
   * (an identical retry with the same `Idempotency-Key` gets the first answer
   * back), sanitizes the image, stores it, moves to `processing` and starts
   * the provider.
   */
  async accept(upload: CaptureUpload): Promise<{ response: UploadResponse; replayed: boolean }> {
    const { token } = upload;
    if (token.usedAt) {
      return { response: await this.#replay(token, upload.idempotencyKey), replayed: true };
    }
    // Refuse before storing anything when the provider's queue is full (429 + Retry-After).
    this.#config.provider.admit?.();
    // Expiry is checked again inside the transaction; an expired session only costs this decode.
    const image = await sanitizeImage(upload.bytes, this.#config.imageLimits);
    const at = this.#lifecycle.now().toISOString();
    const lifecycle = this.#lifecycle;

    const accepted = await lifecycle.transact(async (tx, published) => {
      if (!(await tx.markTokenUsed(token.hash, at))) return null;
      const current = await lifecycle.current(tx, upload.reverificationId, published);
      if (current.status === 'expired') {
        throw new ReverifyError('reverification_expired', 'The reverification has expired.');
      }
      const capture: CaptureRecord = {
        id: newId('cap'),
        reverificationId: current.id,
        idempotencyKey: upload.idempotencyKey,
        image,
        checks: upload.checks,
        createdAt: at,
        purgedAt: null,
      };
      await tx.insertCapture(capture);
      const moved = await lifecycle.apply(tx, current, { type: 'capture_received' });
      published.push(moved.event);
      const enrollment = await tx.getEnrollmentByReference(current.referenceId);
      return { record: moved.record, capture, enrollment };
    });
    if (!accepted) {
      // Another upload spent the token between our check and our write.
      const raced = await this.#replay(token, upload.idempotencyKey);
      return { response: raced, replayed: true };
    }
    const { record, capture, enrollment } = accepted;
    this.#config.logger.info(
      {
        reverificationId: record.id,
        captureId: capture.id,
        width: image.width,
        height: image.height,
        bytes: image.bytes.byteLength,
      },
      'capture accepted',
    );
    if (enrollment) this.#matching.startMatch(record, enrollment, image);
    return { response: uploadResponse(record, capture, image), replayed: false };
  }

  /**
   * The answer to an upload whose token is already spent: the first upload's
   * answer when this is its retry (same `Idempotency-Key`, image still kept),
   * otherwise `upload_already_used`.
   */
  async #replay(token: TokenRecord, idempotencyKey: string | null): Promise<UploadResponse> {
    const { record, capture } = await this.#config.store.transaction(async (tx) => ({
      record: await tx.getReverification(token.reverificationId),
      capture: await tx.getCaptureByReverification(token.reverificationId),
    }));
    if (
      !idempotencyKey ||
      !record ||
      !capture?.image ||
      capture.idempotencyKey !== idempotencyKey
    ) {
      throw uploadAlreadyUsed();
    }
    return uploadResponse(record, capture, capture.image);
  }
}
