import { z } from 'zod';
import {
  EnrollmentIdSchema,
  MetadataSchema,
  ReferenceIdSchema,
  TimestampSchema,
} from './common.js';
import { ReasonCodeSchema } from './reasons.js';

/**
 * The JSON fields of `POST /v1/enrollments`. Sent either as JSON with a
 * `providerEnrollmentId` (the person is already enrolled at the provider), or
 * as `multipart/form-data` with these fields plus a `selfie` image part.
 */
export const CreateEnrollmentRequestSchema = z.strictObject({
  referenceId: ReferenceIdSchema,
  /** The provider's own enrollment id, when the person was enrolled there already. */
  providerEnrollmentId: z.string().min(1).max(200).optional(),
  metadata: MetadataSchema.optional(),
});

/** Body of `POST /v1/enrollments`; see {@link CreateEnrollmentRequestSchema}. */
export type CreateEnrollmentRequest = z.infer<typeof CreateEnrollmentRequestSchema>;

/** Enrollment statuses, as Truora names them. Only `success` allows reverification. */
export const EnrollmentStatusSchema = z.enum(['pending', 'success', 'failure']);

/** An enrollment status; see {@link EnrollmentStatusSchema}. */
export type EnrollmentStatus = z.infer<typeof EnrollmentStatusSchema>;

/** The enrolled person: the reference a reverification compares against. */
export const EnrollmentSchema = z.strictObject({
  id: EnrollmentIdSchema,
  referenceId: ReferenceIdSchema,
  status: EnrollmentStatusSchema,
  /** The provider that holds the reference, e.g. `sandbox`, `local`, `truora`. */
  provider: z.string().min(1).max(40),
  providerEnrollmentId: z.string().min(1).max(200).nullable(),
  /** Why the enrollment failed; `null` unless `status` is `failure`. */
  failureReason: ReasonCodeSchema.nullable(),
  metadata: MetadataSchema,
  createdAt: TimestampSchema,
  updatedAt: TimestampSchema,
});

/** An enrollment resource; see {@link EnrollmentSchema}. */
export type Enrollment = z.infer<typeof EnrollmentSchema>;
