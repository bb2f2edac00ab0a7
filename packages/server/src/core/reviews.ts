import {
  type AuditEntry,
  describeState,
  KEYFRAME_NAMES,
  type KeyframeName,
  type ReasonCode,
  type Reverification,
  type ReviewRequest,
} from '@reverify/contract';
import { ReverifyError } from '../plugin/errors.js';
import type { StoredImage } from '../plugin/provider.js';
import type { CoreConfig } from './context.js';
import { type Lifecycle, reverificationNotFound } from './lifecycle.js';
import { auditEntryResource, reverificationDetails, reverificationResource } from './resources.js';

/** An image an operator may view: the capture, the reference, or a challenge keyframe past the frontal one. */
export type ReviewImage = 'capture' | 'reference' | Exclude<KeyframeName, 'frontal'>;

/** Whether `which` names a {@link ReviewImage}. */
export function isReviewImage(which: string): which is ReviewImage {
  return (
    which === 'capture' ||
    which === 'reference' ||
    (which !== 'frontal' && (KEYFRAME_NAMES as readonly string[]).includes(which))
  );
}

/** Manual review: the reviewer's decision, the audit trail and the images a reviewer sees. */
export class Reviews {
  readonly #config: CoreConfig;
  readonly #lifecycle: Lifecycle;

  constructor(config: CoreConfig, lifecycle: Lifecycle) {
    this.#config = config;
    this.#lifecycle = lifecycle;
  }

  /**
   * A reviewer's final decision on a reverification in manual review: it
   * completes as approved or rejected (events and webhooks as for any
   * decision, reason `review_approved` / `review_rejected`) and the audit
   * trail records who, when and why, in the same transaction.
   *
   * @throws `illegal_transition` unless the reverification is in manual review.
   */
  async decide(id: string, review: ReviewRequest): Promise<Reverification> {
    const lifecycle = this.#lifecycle;
    return lifecycle.transact(async (tx, published) => {
      const current = await lifecycle.current(tx, id, published);
      if (current.status !== 'completed' || current.decision !== 'manual_review') {
        throw new ReverifyError(
          'illegal_transition',
          `Only a reverification in manual review takes a review decision; this one is ${describeState(current)}${current.status === 'pending' || current.status === 'capturing' ? ', with no selfie to compare yet' : ''}.`,
          { details: { status: current.status, decision: current.decision } },
        );
      }
      const reason: ReasonCode =
        review.decision === 'approved' ? 'review_approved' : 'review_rejected';
      const result = await lifecycle.apply(
        tx,
        current,
        { type: 'review_decided', decision: review.decision },
        { reasons: [...new Set([...current.reasons, reason])] },
      );
      published.push(result.event);
      await tx.appendAudit({
        reverificationId: current.id,
        referenceId: current.referenceId,
        action: 'review_decided',
        actor: review.reviewedBy,
        occurredAt: result.event.occurredAt,
        previousDecision: current.decision,
        decision: review.decision,
        notes: review.reviewNotes ?? null,
        relatedReverificationId: null,
      });
      return reverificationResource(result.record, await reverificationDetails(tx, result.record));
    });
  }

  /** A reverification's audit trail, oldest first. */
  async auditTrail(id: string): Promise<AuditEntry[]> {
    return this.#config.store.transaction(async (tx) => {
      if (!(await tx.getReverification(id))) throw reverificationNotFound();
      return (await tx.listAudit(id)).map(auditEntryResource);
    });
  }

  /**
   * The capture or the reference selfie of a reverification, for a
   * reviewer, while retention keeps it. Each view is audited.
   *
   * @throws `image_purged` once retention or a deletion removed it.
   */
  async image(id: string, which: ReviewImage, actor: string): Promise<StoredImage> {
    return this.#config.store.transaction(async (tx) => {
      const record = await tx.getReverification(id);
      if (!record) throw reverificationNotFound();
      const enrollment = await tx.getEnrollmentByReference(record.referenceId);
      let image: StoredImage | null = null;
      if (which === 'capture') {
        image = (await tx.getCaptureByReverification(id))?.image ?? null;
      } else if (which === 'reference') {
        image = enrollment ? await tx.getReferenceImage(enrollment.id) : null;
      } else {
        image = (await tx.listKeyframes(id)).find((k) => k.name === which)?.image ?? null;
      }
      if (!image) {
        throw new ReverifyError(
          'image_purged',
          `No ${which} image is kept for this reverification (never sent, or purged).`,
        );
      }
      await tx.appendAudit({
        reverificationId: id,
        referenceId: record.referenceId,
        action: 'images_viewed',
        actor,
        occurredAt: this.#lifecycle.now().toISOString(),
        previousDecision: null,
        decision: null,
        notes: which,
        relatedReverificationId: null,
      });
      return image;
    });
  }
}
