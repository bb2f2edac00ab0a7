import { z } from 'zod';
import { ReferenceIdSchema, ReverificationIdSchema, TimestampSchema } from './common.js';
import { DecisionSchema, ReviewDecisionSchema } from './lifecycle.js';

/** Body of `POST /v1/reverifications/{id}/review`: a reviewer's final decision. */
export const ReviewRequestSchema = z.strictObject({
  decision: ReviewDecisionSchema,
  /** Who decided (an operator id or email from your back office). */
  reviewedBy: z.string().trim().min(1).max(200),
  /** Why; kept in the audit trail. Never put biometric data here. */
  reviewNotes: z.string().max(2000).optional(),
});

/** A reviewer's decision; see {@link ReviewRequestSchema}. */
export type ReviewRequest = z.infer<typeof ReviewRequestSchema>;

/** What an audit entry records. */
export const AuditActionSchema = z.enum([
  /** A reviewer decided a reverification in manual review. */
  'review_decided',
  /** Someone looked at the reference and capture images (the review page). */
  'images_viewed',
  /** A failed, expired or rejected reverification was restarted as a new one. */
  'restarted',
]);

/** An audit action; see {@link AuditActionSchema}. */
export type AuditAction = z.infer<typeof AuditActionSchema>;

/**
 * One entry of a reverification's append-only audit trail: who did what,
 * when. Holds ids, decisions and notes, never images.
 */
export const AuditEntrySchema = z.strictObject({
  id: z.number().int().min(1),
  reverificationId: ReverificationIdSchema,
  referenceId: ReferenceIdSchema,
  action: AuditActionSchema,
  /** Who: the reviewer, or `api` for calls that name nobody. */
  actor: z.string().min(1).max(200),
  occurredAt: TimestampSchema,
  /** `review_decided`: the decision before and after. */
  previousDecision: DecisionSchema.nullable(),
  decision: DecisionSchema.nullable(),
  notes: z.string().max(2000).nullable(),
  /** `restarted`: the new reverification. */
  relatedReverificationId: ReverificationIdSchema.nullable(),
});

/** An audit entry; see {@link AuditEntrySchema}. */
export type AuditEntry = z.infer<typeof AuditEntrySchema>;

/** Answer of `GET /v1/reverifications/{id}/audit`, oldest first. */
export const AuditTrailSchema = z.strictObject({ entries: z.array(AuditEntrySchema) });

/** A reverification's audit trail; see {@link AuditTrailSchema}. */
export type AuditTrail = z.infer<typeof AuditTrailSchema>;
