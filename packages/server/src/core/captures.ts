import type {
  CaptureChecks,
  KeyframeName,
  PresenceUpload,
  UploadResponse,
} from '@reverify/contract';
import { requireMethodOpen } from '../factors/method-steps.js';
import { sanitizeImage } from '../image/sanitize-image.js';
import { validateClip } from '../image/validate-clip.js';
import { ReverifyError } from '../plugin/errors.js';
import type { PresenceKeyframe, StoredClip } from '../plugin/presence.js';
import type { StoredImage } from '../plugin/provider.js';
import type { CapturePresence, CaptureRecord } from '../store/queries/captures.js';
import type { ReverificationRecord } from '../store/queries/reverifications.js';
import type { TokenRecord } from '../store/queries/tokens.js';
import type { CoreConfig } from './context.js';
import { newId } from './ids.js';
import type { Lifecycle } from './lifecycle.js';
import type { Matching } from './matching.js';
import type { PresenceChecks } from './presence/checks.js';
import { checkPresenceAnswer } from './presence/upload.js';

/** An uploaded capture as the HTTP layer hands it over. */
export interface CaptureUpload {
  readonly reverificationId: string;
  /** The upload token, already checked by `Tokens.authorize`. */
  readonly token: TokenRecord;
  readonly idempotencyKey: string | null;
  /** The frontal selfie as uploaded. */
  readonly bytes: Uint8Array;
  readonly checks: CaptureChecks | null;
  /** The challenge's answer (the `presence` part), or `null`. */
  readonly presence: PresenceUpload | null;
  /** The other keyframes' images as uploaded (`keyframe_<name>` parts). */
  readonly keyframes: readonly { readonly name: KeyframeName; readonly bytes: Uint8Array }[];
  /** The challenge video as uploaded (`clip` part), or `null`. */
  readonly clip: Uint8Array | null;
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
  readonly #presence: PresenceChecks;

  constructor(
    config: CoreConfig,
    lifecycle: Lifecycle,
    next: { readonly matching: Matching; readonly presence: PresenceChecks },
  ) {
    this.#config = config;
    this.#lifecycle = lifecycle;
    this.#matching = next.matching;
    this.#presence = next.presence;
  }

  /** The keyframe images sanitized like the selfie, and the clip validated, before anything is stored. */
  async #media(upload: CaptureUpload): Promise<{
    keyframes: PresenceKeyframe[];
    clip: StoredClip | null;
  }> {
    const { imageLimits, presence, provider } = this.#config;
    if (upload.clip && !provider.wantsClip) {
      throw new ReverifyError('clip_invalid', 'This handler takes no challenge video.');
    }
    const keyframes: PresenceKeyframe[] = [];
    for (const keyframe of upload.keyframes) {
      const atMs = upload.presence?.keyframes.find((k) => k.name === keyframe.name)?.atMs ?? 0;
      keyframes.push({
        name: keyframe.name,
        atMs,
        image: await sanitizeImage(keyframe.bytes, imageLimits),
      });
    }
    const clip = upload.clip ? await validateClip(upload.clip, presence.clipLimits) : null;
    return { keyframes, clip };
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
    const media = await this.#media(upload);
    const now = this.#lifecycle.now();
    const at = now.toISOString();
    const lifecycle = this.#lifecycle;
    const presence: CapturePresence | null = upload.presence
      ? {
          outcome: upload.presence.outcome,
          keyframes: upload.presence.keyframes,
          signals: upload.presence.signals ?? null,
        }
      : null;

    const accepted = await lifecycle.transact(async (tx, published) => {
      if (!(await tx.markTokenUsed(token.hash, at))) return null;
      const current = await lifecycle.current(tx, upload.reverificationId, published);
      if (current.status === 'expired') {
        throw new ReverifyError('reverification_expired', 'The reverification has expired.');
      }
      // A step-up's other methods come first: the selfie's decision ends the reverification.
      requireMethodOpen(current, 'selfie');
      // A bad answer throws here, which rolls the spent token back too: nothing is stored.
      checkPresenceAnswer(
        current.challenge,
        {
          upload: upload.presence,
          keyframeParts: upload.keyframes.map((keyframe) => keyframe.name),
        },
        now,
      );
      const capture: CaptureRecord = {
        id: newId('cap'),
        reverificationId: current.id,
        idempotencyKey: upload.idempotencyKey,
        image,
        checks: upload.checks,
        presence,
        createdAt: at,
        purgedAt: null,
      };
      await tx.insertCapture(capture);
      await tx.insertKeyframes(capture.id, media.keyframes);
      if (media.clip) await tx.insertClip(capture.id, media.clip);
      const moved = await lifecycle.apply(
        tx,
        current,
        { type: 'capture_received' },
        this.#presence.settledAtUpload(current, presence),
      );
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
        keyframes: media.keyframes.length,
        clipMs: media.clip?.durationMs ?? null,
      },
      'capture accepted',
    );
    if (enrollment) this.#matching.startMatch(record, enrollment, image, media.clip);
    const frontalAt = upload.presence?.keyframes[0]?.atMs ?? 0;
    this.#presence.start(record, presence, [
      { name: 'frontal', image, atMs: frontalAt },
      ...media.keyframes,
    ]);
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
