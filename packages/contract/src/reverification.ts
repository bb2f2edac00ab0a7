import { z } from 'zod';
import {
  MetadataSchema,
  ReferenceIdSchema,
  ReverificationIdSchema,
  ThresholdSchema,
  TimeoutSecondsSchema,
  TimestampSchema,
} from './common.js';
import { DecisionSchema, ReverificationStatusSchema } from './lifecycle.js';
import {
  MethodPolicyExpressionSchema,
  MethodUseSchema,
  ReverificationMethodSchema,
} from './methods.js';
import {
  ChallengeMoveSchema,
  LivenessPolicySchema,
  PresenceSessionSchema,
  StepsSchema,
} from './presence.js';
import { ReasonListSchema } from './reasons.js';
import { AssuranceTierSchema, WorkflowIdSchema } from './workflow.js';

/**
 * Outcomes the sandbox provider can be told to produce for one session.
 * `slow` approves after several seconds of processing.
 */
export const SandboxOutcomeSchema = z.enum([
  'approved',
  'rejected',
  'manual_review',
  'failed',
  'expired',
  'slow',
  /** The match passes but the liveness check fails: rejected with `liveness_failed`. */
  'liveness_failed',
  /** The match passes but the liveness check is not conclusive: manual review. */
  'liveness_review',
]);

/** A forced sandbox outcome; see {@link SandboxOutcomeSchema}. */
export type SandboxOutcome = z.infer<typeof SandboxOutcomeSchema>;

/** Body of `POST /v1/reverifications`. */
export const CreateReverificationRequestSchema = z.strictObject({
  referenceId: ReferenceIdSchema,
  /** Match threshold 0–1; default: the provider's own. */
  threshold: ThresholdSchema.optional(),
  /** Seconds until the reverification expires; default 300, max 21600. */
  timeoutSeconds: TimeoutSecondsSchema.optional(),
  metadata: MetadataSchema.optional(),
  /**
   * When a reverification is already active for this referenceId, it is
   * returned unchanged; `restart: true` expires it and starts a new one.
   */
  restart: z.boolean().optional(),
  /**
   * What an active reverification of this referenceId does to this request:
   * `return` it (the default, as VerifyHQ does) or `refuse` with
   * `409 already_assigned` (as Trust Swiftly does). Not with `restart`.
   */
  ifActive: z.enum(['return', 'refuse']).optional(),
  /** Sandbox mode only: force this outcome. Rejected in production mode. */
  sandboxOutcome: SandboxOutcomeSchema.optional(),
  /** How presence is proved; default: the handler's `presence.policy`. */
  liveness: LivenessPolicySchema.optional(),
  /**
   * The assurance level (VerifyHQ's tiers): `BASIC` match only, `STANDARD`
   * match + liveness, `ENHANCED` match + the active challenge. With
   * `liveness`, the policy must be one the tier accepts.
   */
  tier: AssuranceTierSchema.optional(),
  /**
   * A workflow defined in the handler's options: its tier, liveness,
   * threshold and lifetime apply, and the request may not set them again.
   */
  workflow: WorkflowIdSchema.optional(),
  /**
   * Sandbox mode only: the challenge's moves, fixed instead of random, so a
   * prepared video can answer it. Rejected in production mode.
   */
  challengeMoves: z.array(ChallengeMoveSchema).min(1).max(3).optional(),
  /**
   * Which methods satisfy it: `selfie` (the default), `passkey`,
   * `passkey or selfie`, `selfie and passkey` (step-up), with `totp`,
   * `sms_code` and `email_code` too. A workflow's methods apply instead.
   */
  methods: MethodPolicyExpressionSchema.optional(),
});

/** Body of `POST /v1/reverifications`; see {@link CreateReverificationRequestSchema}. */
export type CreateReverificationRequest = z.infer<typeof CreateReverificationRequestSchema>;

/**
 * Body of `POST /v1/reverifications/{id}/restart`: what the new attempt
 * changes; the rest is copied from the failed, expired or rejected one.
 */
export const RestartReverificationRequestSchema = CreateReverificationRequestSchema.pick({
  threshold: true,
  timeoutSeconds: true,
  metadata: true,
  sandboxOutcome: true,
  liveness: true,
  methods: true,
});

/** A restart request; see {@link RestartReverificationRequestSchema}. */
export type RestartReverificationRequest = z.infer<typeof RestartReverificationRequestSchema>;

/** A reviewer's decision on a reverification that was in manual review. */
export const ReviewSummarySchema = z.strictObject({
  reviewedBy: z.string().min(1).max(200),
  reviewedAt: TimestampSchema,
  reviewNotes: z.string().max(2000).nullable(),
});

/** Scores, provider ids and timestamps behind a decision (`?details=true`, like Truora's `show_details`). */
export const ReverificationDetailsSchema = z.strictObject({
  /** Similarity between the selfie and the reference, 0–1, when the provider reports one. */
  matchScore: z.number().min(0).max(1).nullable(),
  /** Liveness score 0–1, when the provider reports one. */
  livenessScore: z.number().min(0).max(1).nullable(),
  /** The provider's id of this check (Truora `validation_id`, …). */
  providerReference: z.string().max(200).nullable(),
  /** The provider's id of the person's enrollment, if it has one. */
  providerEnrollmentId: z.string().max(200).nullable(),
  /** When the capture was accepted; `null` before. */
  capturedAt: TimestampSchema.nullable(),
  /** The manual review, once a reviewer decided. */
  review: ReviewSummarySchema.nullable(),
});

/** Scores and provider references; see {@link ReverificationDetailsSchema}. */
export type ReverificationDetails = z.infer<typeof ReverificationDetailsSchema>;

/** A reverification as the API returns it. */
export const ReverificationSchema = z.strictObject({
  id: ReverificationIdSchema,
  referenceId: ReferenceIdSchema,
  status: ReverificationStatusSchema,
  /** Set once `status` is `completed`. */
  decision: DecisionSchema.nullable(),
  reasons: ReasonListSchema,
  /** The threshold in force, or `null` for the provider's default. */
  threshold: ThresholdSchema.nullable(),
  timeoutSeconds: TimeoutSecondsSchema,
  metadata: MetadataSchema,
  /** The face-match provider, e.g. `sandbox`, `local`, `truora`, `vecu`. */
  provider: z.string().min(1).max(40),
  /** The earlier reverification this one restarts, if any. */
  retryOf: ReverificationIdSchema.nullable(),
  /** How presence is proved for this reverification. */
  livenessPolicy: LivenessPolicySchema,
  /** The assurance tier asked for (or the one the liveness policy meets). */
  tier: AssuranceTierSchema,
  /** The workflow it was created with, if any. */
  workflow: WorkflowIdSchema.nullable(),
  /** The match and liveness steps and where each stands. */
  steps: StepsSchema,
  /** Which methods satisfy it, as an expression (`passkey or selfie`). */
  methods: MethodPolicyExpressionSchema,
  /** The methods the person completed, in order, with what each proves. */
  verifiedBy: z.array(MethodUseSchema),
  createdAt: TimestampSchema,
  updatedAt: TimestampSchema,
  expiresAt: TimestampSchema,
  completedAt: TimestampSchema.nullable(),
  /** Present only when details were asked for. */
  details: ReverificationDetailsSchema.optional(),
});

/** A reverification resource; see {@link ReverificationSchema}. */
export type Reverification = z.infer<typeof ReverificationSchema>;

/** A browser bearer token (client, stream or handoff token): 20–512 URL-safe characters. */
export const TokenSchema = z.string().regex(/^[A-Za-z0-9._~-]{20,512}$/, 'malformed token');

/**
 * Answer of `POST /v1/reverifications`: the reverification plus the two
 * browser credentials. `clientToken` uploads one capture (header only);
 * `streamToken` only reads this reverification's events and may appear in a
 * URL, because EventSource cannot send headers.
 */
export const ReverificationSessionSchema = ReverificationSchema.extend({
  clientToken: TokenSchema,
  streamToken: TokenSchema,
  /** When both tokens stop working (at most 15 minutes after minting). */
  tokensExpireAt: TimestampSchema,
});

/** A reverification with its browser credentials; see {@link ReverificationSessionSchema}. */
export type ReverificationSession = z.infer<typeof ReverificationSessionSchema>;

/**
 * The methods part of a client session: the policy, what is done, and
 * what may be done next among the methods this person has enrolled
 * (passkey first, selfie, codes last). Contacts appear masked.
 */
export const MethodsSessionSchema = z.strictObject({
  policy: MethodPolicyExpressionSchema,
  done: z.array(ReverificationMethodSchema),
  /** The methods the person can use next, in the order to offer them. */
  open: z.array(ReverificationMethodSchema),
  /**
   * Methods the policy would take next that this person cannot use: not
   * enrolled (no passkey, no contact) or not set up on this handler.
   */
  unavailable: z.array(ReverificationMethodSchema),
  /** Masked destinations of the code methods that are open (`+55•••••5678`). */
  destinations: z.strictObject({
    sms_code: z.string().max(80).nullable(),
    email_code: z.string().max(200).nullable(),
  }),
});

/** The methods of a client session; see {@link MethodsSessionSchema}. */
export type MethodsSession = z.infer<typeof MethodsSessionSchema>;

/** What a client token unlocks; see {@link ClientSessionSchema}. */
export type ClientSession = z.infer<typeof ClientSessionSchema>;

/**
 * Answer of `POST /v1/client/session` (authorized by a `clientToken`): what
 * the browser needs to follow the reverification its token belongs to, so an
 * integrator hands the browser one string.
 */
export const ClientSessionSchema = z.strictObject({
  reverificationId: ReverificationIdSchema,
  referenceId: ReferenceIdSchema,
  status: ReverificationStatusSchema,
  /** A fresh read-only token for the event stream. */
  streamToken: TokenSchema,
  tokensExpireAt: TimestampSchema,
  expiresAt: TimestampSchema,
  /** The presence check to run: the policy and, when it is `active`, a fresh challenge. */
  presence: PresenceSessionSchema,
  /** The methods this person may use now; see {@link MethodsSessionSchema}. */
  methods: MethodsSessionSchema,
});
