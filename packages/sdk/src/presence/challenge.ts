import type { ChallengeMove, KeyframeName } from '@reverify/contract';

/** What the person is asked during the challenge. */
export const ChallengeGuidance = {
  turn_left: 'turn_left',
  turn_right: 'turn_right',
  /** Moving the right way, not far enough yet. */
  turn_more: 'turn_more',
  back_to_centre: 'back_to_centre',
  /** The face left the frame, or a second one appeared. */
  keep_face_visible: 'keep_face_visible',
  done: 'done',
} as const;

/** A challenge guidance code; see {@link ChallengeGuidance}. */
export type ChallengeGuidance = (typeof ChallengeGuidance)[keyof typeof ChallengeGuidance];

/** How the device runs a challenge. */
export interface ChallengeConfig {
  readonly moves: readonly ChallengeMove[];
  /** Milliseconds allowed for each move (turn and return). */
  readonly moveTimeoutMs: number;
  /**
   * Parallax shift from the frontal frame that counts as a full turn. Default
   * 0.1: a real head gives that at under 10° (0.4–0.5 at 30°), so nobody is
   * asked to turn far. A flat photo turned 42° gives up to 0.13 here: the
   * device only guides; the handler's keyframe check decides.
   */
  readonly turnShift: number;
  /** Parallax shift that counts as moving (guidance "a little further"). Default 0.07. */
  readonly movingShift: number;
  /** Parallax within which the head is back at the centre. Default 0.08. */
  readonly centreShift: number;
  /** Consecutive frames a position must hold (hysteresis against noise). Default 3. */
  readonly holdFrames: number;
  /** Weight of the newest frame in the smoothed parallax. Default 0.5. */
  readonly smoothing: number;
}

/** The defaults of {@link ChallengeConfig} (all but the moves and time limit, from the session). */
export const DEFAULT_CHALLENGE_TUNING = {
  turnShift: 0.1,
  movingShift: 0.07,
  centreShift: 0.08,
  holdFrames: 3,
  smoothing: 0.5,
} as const;

/** Where a challenge is. */
export interface ChallengeState {
  /** The move being done (index into `moves`). */
  readonly move: number;
  readonly phase: 'turning' | 'returning' | 'done' | 'timed_out';
  /** The frontal frame's parallax. */
  readonly baseline: number;
  /** The smoothed parallax; `null` before the first face. */
  readonly smoothed: number | null;
  /** Consecutive frames the current target has held. */
  readonly held: number;
  /** When the current move started (ms). */
  readonly moveStartedAt: number;
  readonly guidance: ChallengeGuidance;
}

/** A fresh challenge, started at `now` from the frontal frame's parallax. */
export function startChallenge(
  baseline: number,
  now: number,
  config: ChallengeConfig,
): ChallengeState {
  return {
    move: 0,
    phase: config.moves.length > 0 ? 'turning' : 'done',
    baseline,
    smoothed: baseline,
    held: 0,
    moveStartedAt: now,
    guidance: config.moves[0] ?? 'done',
  };
}

/** The challenge after one frame, and the keyframe to take now, if any. */
export interface ChallengeStep {
  readonly state: ChallengeState;
  /** Take this keyframe from the current frame. */
  readonly keyframe: KeyframeName | null;
}

const SIGN: Record<ChallengeMove, 1 | -1> = { turn_left: 1, turn_right: -1 };

/**
 * Advances the challenge by one analysed frame (pure; time comes in as
 * `now`). `parallax` is the frame's estimate for its one face, or `null`
 * when there is not exactly one. A turn counts once the smoothed shift in
 * the asked direction holds past `turnShift` for `holdFrames` frames (then
 * its peak keyframe is taken); the return counts once the shift holds
 * within `centreShift` (the last move's return keyframe is taken). A move
 * that takes longer than `moveTimeoutMs` ends the challenge as timed out.
 */
export function stepChallenge(
  state: ChallengeState,
  parallax: number | null,
  now: number,
  config: ChallengeConfig,
): ChallengeStep {
  if (state.phase === 'done' || state.phase === 'timed_out') return { state, keyframe: null };
  if (now - state.moveStartedAt > config.moveTimeoutMs) {
    return { state: { ...state, phase: 'timed_out', held: 0 }, keyframe: null };
  }
  const move = config.moves[state.move] as ChallengeMove;
  if (parallax === null) {
    return { state: { ...state, held: 0, guidance: 'keep_face_visible' }, keyframe: null };
  }
  const smoothed =
    state.smoothed === null
      ? parallax
      : state.smoothed + config.smoothing * (parallax - state.smoothed);
  const shift = SIGN[move] * (smoothed - state.baseline);
  if (state.phase === 'turning') {
    const reached = shift >= config.turnShift;
    const held = reached ? state.held + 1 : 0;
    if (held >= config.holdFrames) {
      return {
        state: { ...state, smoothed, held: 0, phase: 'returning', guidance: 'back_to_centre' },
        keyframe: `peak_${state.move + 1}` as KeyframeName,
      };
    }
    const guidance: ChallengeGuidance = shift >= config.movingShift ? 'turn_more' : move;
    return { state: { ...state, smoothed, held, guidance }, keyframe: null };
  }
  const centred = Math.abs(smoothed - state.baseline) <= config.centreShift;
  const held = centred ? state.held + 1 : 0;
  if (held < config.holdFrames) {
    return { state: { ...state, smoothed, held, guidance: 'back_to_centre' }, keyframe: null };
  }
  const next = state.move + 1;
  if (next >= config.moves.length) {
    return {
      state: { ...state, smoothed, held: 0, move: next, phase: 'done', guidance: 'done' },
      keyframe: 'return',
    };
  }
  return {
    state: {
      ...state,
      smoothed,
      held: 0,
      move: next,
      phase: 'turning',
      moveStartedAt: now,
      guidance: config.moves[next] as ChallengeMove,
    },
    keyframe: null,
  };
}
