/**
 * How a reverification proves that a live person is in front of the camera:
 * - `off`: it does not (the decision rests on the face match alone);
 * - `passive`: the provider's own liveness check (Truora, VECU-style);
 * - `active`: a head-turn challenge on the device, verified on the server
 *   from its keyframes (3D motion, same person, timing).
 */
export const LivenessPolicy = { off: 'off', passive: 'passive', active: 'active' } as const;

/** A liveness policy; see {@link LivenessPolicy}. */
export type LivenessPolicy = (typeof LivenessPolicy)[keyof typeof LivenessPolicy];

/** One move of the head-turn challenge: turn to the person's own left or right, then back to the centre. */
export const ChallengeMove = { turn_left: 'turn_left', turn_right: 'turn_right' } as const;

/** A challenge move; see {@link ChallengeMove}. */
export type ChallengeMove = (typeof ChallengeMove)[keyof typeof ChallengeMove];

/**
 * The frames a challenge keeps: the frontal selfie, the peak of each move,
 * and the return to the centre after the last one.
 */
export const KEYFRAME_NAMES = ['frontal', 'peak_1', 'peak_2', 'peak_3', 'return'] as const;

/** A keyframe name; see {@link KEYFRAME_NAMES}. */
export type KeyframeName = (typeof KEYFRAME_NAMES)[number];

/** The keyframes a completed challenge of `moves` uploads, in order. */
export function expectedKeyframes(moves: readonly ChallengeMove[]): KeyframeName[] {
  return ['frontal', ...moves.map((_, i) => `peak_${i + 1}` as KeyframeName), 'return'];
}

/** How the device's part of the challenge ended. */
export const ChallengeOutcome = {
  /** Every move was seen and every keyframe taken. */
  completed: 'completed',
  /** The person chose "I can't do this". */
  gave_up: 'gave_up',
  /** A move's time limit passed. */
  timed_out: 'timed_out',
  /** The challenge could not run (no face detector: the fallback capture). */
  unavailable: 'unavailable',
} as const;

/** A challenge outcome; see {@link ChallengeOutcome}. */
export type ChallengeOutcome = (typeof ChallengeOutcome)[keyof typeof ChallengeOutcome];

/** Where one step of a reverification (the match, the liveness check) stands. */
export const StepStatus = {
  pending: 'pending',
  passed: 'passed',
  failed: 'failed',
  /** Not conclusive: a person decides (manual review). */
  review: 'review',
  /** Not run (policy `off`, or nothing to check). */
  skipped: 'skipped',
} as const;

/** A step status; see {@link StepStatus}. */
export type StepStatus = (typeof StepStatus)[keyof typeof StepStatus];

/**
 * Virtual-camera and capture-software names seen in open-source blocklists;
 * a camera whose label contains one (case-insensitive) is flagged, never refused.
 */
export const VIRTUAL_CAMERA_NAMES = [
  'virtual',
  'obs',
  'manycam',
  'xsplit',
  'snap camera',
  'camtwist',
  'v4l2loopback',
  'dummy video',
  'droidcam',
  'epoccam',
  'iriun',
  'e2esoft',
  'splitcam',
  'youcam',
] as const;

/** Whether a camera label names virtual-camera software (pure). */
export function isVirtualCameraLabel(label: string): boolean {
  const lower = label.toLowerCase();
  return VIRTUAL_CAMERA_NAMES.some((name) =>
    name === 'obs' ? /\bobs\b/.test(lower) : lower.includes(name),
  );
}
