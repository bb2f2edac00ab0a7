import { z } from 'zod';
import { TimestampSchema } from './common.js';
import {
  ChallengeMove,
  ChallengeOutcome,
  KEYFRAME_NAMES,
  LivenessPolicy,
  StepStatus,
} from './constants/presence.js';

export * from './constants/presence.js';

/** Zod schema of {@link LivenessPolicy}. */
export const LivenessPolicySchema = z.enum(LivenessPolicy);
/** Zod schema of {@link ChallengeMove}. */
export const ChallengeMoveSchema = z.enum(ChallengeMove);
/** Zod schema of a keyframe name. */
export const KeyframeNameSchema = z.enum(KEYFRAME_NAMES);
/** Zod schema of {@link ChallengeOutcome}. */
export const ChallengeOutcomeSchema = z.enum(ChallengeOutcome);
/** Zod schema of {@link StepStatus}. */
export const StepStatusSchema = z.enum(StepStatus);

/** A one-time challenge nonce: 22–64 URL-safe characters. */
export const ChallengeNonceSchema = z.string().regex(/^[A-Za-z0-9_-]{22,64}$/, 'malformed nonce');

/**
 * The head-turn challenge the handler chose for one reverification (the
 * browser never chooses it). A new client session replaces it.
 */
export const ChallengeSchema = z.strictObject({
  /** One-time; the capture upload must echo it. */
  nonce: ChallengeNonceSchema,
  /** The moves, in order; each ends back at the centre. */
  moves: z.array(ChallengeMoveSchema).min(1).max(3),
  issuedAt: TimestampSchema,
  /** The capture must arrive before this. */
  expiresAt: TimestampSchema,
  /** How far the head should turn, in degrees (guidance for the device). */
  minYawDegrees: z.number().min(5).max(45),
  /** Milliseconds the device gives the person for one move before it gives up. */
  moveTimeoutMs: z.number().int().min(1000).max(60_000),
});

/** A challenge; see {@link ChallengeSchema}. */
export type Challenge = z.infer<typeof ChallengeSchema>;

/** What the browser needs for the presence check (part of its client session). */
export const PresenceSessionSchema = z.strictObject({
  policy: LivenessPolicySchema,
  /** The challenge to run, when the policy is `active`. */
  challenge: ChallengeSchema.nullable(),
  /** When the provider needs a video of the challenge (Truora's passive liveness): its limits. */
  clip: z
    .strictObject({
      maxBytes: z.number().int().positive(),
      maxDurationMs: z.number().int().positive(),
    })
    .nullable(),
});

/** The presence part of a client session; see {@link PresenceSessionSchema}. */
export type PresenceSession = z.infer<typeof PresenceSessionSchema>;

/**
 * What the device reports about its camera, with the capture. Recorded and
 * weighed by the policy (a suspicious capture may go to manual review);
 * never a reason to reject on its own.
 */
export const CaptureSignalsSchema = z.strictObject({
  /** The camera's label (`MediaStreamTrack.label`). */
  cameraLabel: z.string().max(200),
  /** What was asked of `getUserMedia`. */
  requested: z.strictObject({
    width: z.number().nonnegative().nullable(),
    height: z.number().nonnegative().nullable(),
    frameRate: z.number().nonnegative().nullable(),
  }),
  /** What the track says it delivers (`getSettings()`). */
  settings: z.strictObject({
    width: z.number().nonnegative().nullable(),
    height: z.number().nonnegative().nullable(),
    frameRate: z.number().nonnegative().nullable(),
  }),
  /** Frames per second measured while analysing. */
  measuredFps: z.number().nonnegative().max(1000),
  /** Standard deviation of the frame interval, milliseconds. */
  frameIntervalJitterMs: z.number().nonnegative().max(10_000),
  /** Frames measured. */
  frames: z.number().int().nonnegative(),
  /** `navigator.webdriver`: the browser is driven by automation. */
  webdriver: z.boolean(),
});

/** Camera signals; see {@link CaptureSignalsSchema}. */
export type CaptureSignals = z.infer<typeof CaptureSignalsSchema>;

/** One keyframe as the upload describes it (its image is the part `keyframe_<name>`, or `image` for `frontal`). */
export const KeyframeDescriptionSchema = z.strictObject({
  name: KeyframeNameSchema,
  /** Milliseconds since the browser received the challenge. */
  atMs: z.number().int().min(0).max(3_600_000),
});

/** The `presence` part of a capture upload: the challenge's answer. */
export const PresenceUploadSchema = z.strictObject({
  /** The nonce of the challenge answered. */
  nonce: ChallengeNonceSchema,
  outcome: ChallengeOutcomeSchema,
  /** In order; `frontal` first. */
  keyframes: z.array(KeyframeDescriptionSchema).min(1).max(KEYFRAME_NAMES.length),
  signals: CaptureSignalsSchema.optional(),
});

/** The presence part of an upload; see {@link PresenceUploadSchema}. */
export type PresenceUpload = z.infer<typeof PresenceUploadSchema>;

/** How the liveness step was decided. */
export const LivenessMethodSchema = z.enum(['active', 'passive', 'provider', 'sandbox']);

/**
 * The steps of a reverification and where each stands, like VerifyHQ's
 * `steps`: the face match and the liveness check, with their scores.
 */
export const StepsSchema = z.strictObject({
  match: z.strictObject({
    status: StepStatusSchema,
    /** Similarity 0–1, when the provider reports one. */
    score: z.number().min(0).max(1).nullable(),
  }),
  liveness: z.strictObject({
    status: StepStatusSchema,
    /** Confidence 0–1 that a live person was present, when known. */
    score: z.number().min(0).max(1).nullable(),
    method: LivenessMethodSchema.nullable(),
  }),
});

/** A reverification's steps; see {@link StepsSchema}. */
export type Steps = z.infer<typeof StepsSchema>;
