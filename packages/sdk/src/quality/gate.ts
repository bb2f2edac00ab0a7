import type { GuidanceCode } from './checks.js';
import type { QualityConfig } from './config.js';

/** Where the capture gate is. */
export const GatePhase = {
  /** Some check fails; guidance tells the user what to fix. */
  searching: 'searching',
  /** Every check passes; counting down `holdMs`. */
  holding: 'holding',
  /** Held long enough: capture now. */
  ready: 'ready',
} as const;

/** A gate phase; see {@link GatePhase}. */
export type GatePhase = (typeof GatePhase)[keyof typeof GatePhase];

/** The gate's memory between frames. */
export interface GateState {
  readonly phase: GatePhase;
  /** When the current hold started (ms), or `null`. */
  readonly holdStartedAt: number | null;
  /** Consecutive failing frames during the current hold. */
  readonly failStreak: number;
  /** The guidance on screen. */
  readonly guidance: GuidanceCode;
  /** When the guidance on screen last changed (ms). */
  readonly guidanceSince: number;
}

/** A fresh gate at time `now`. */
export function initialGate(now: number): GateState {
  return {
    phase: 'searching',
    holdStartedAt: null,
    failStreak: 0,
    guidance: 'no_face',
    guidanceSince: now,
  };
}

/** The gate after one frame, and the hold progress (0–1) to draw. */
export interface GateStep {
  readonly state: GateState;
  readonly progress: number;
}

/**
 * Advances the gate by one evaluated frame. Pure (time comes in as `now`):
 * - every check must pass for `holdMs` before the phase becomes `ready`;
 * - while holding, up to `graceFrames` consecutive failing frames are
 *   forgiven, so one noisy frame does not restart the countdown;
 * - a new guidance message replaces the one on screen only after
 *   `guidanceMinMs`, so messages do not flicker (a hold starting or
 *   ending changes it at once).
 */
export function stepGate(
  state: GateState,
  guidance: GuidanceCode,
  now: number,
  config: QualityConfig,
): GateStep {
  if (state.phase === 'ready') return { state, progress: 1 };
  const passes = guidance === 'ready';

  let phase: GatePhase = state.phase;
  let holdStartedAt = state.holdStartedAt;
  let failStreak = state.failStreak;
  if (passes) {
    failStreak = 0;
    if (phase === 'searching') {
      phase = 'holding';
      holdStartedAt = now;
    }
  } else if (phase === 'holding' && failStreak < config.graceFrames) {
    failStreak += 1;
  } else {
    phase = 'searching';
    holdStartedAt = null;
    failStreak = 0;
  }
  const held = holdStartedAt === null ? 0 : now - holdStartedAt;
  if (phase === 'holding' && passes && held >= config.holdMs) phase = 'ready';

  const wanted: GuidanceCode =
    phase === 'searching' ? guidance : phase === 'ready' ? 'ready' : 'hold_still';
  const phaseChanged = phase !== state.phase;
  const mayChange = phaseChanged || now - state.guidanceSince >= config.guidanceMinMs;
  const shown = wanted !== state.guidance && mayChange ? wanted : state.guidance;
  return {
    state: {
      phase,
      holdStartedAt,
      failStreak,
      guidance: shown,
      guidanceSince: shown === state.guidance ? state.guidanceSince : now,
    },
    progress: phase === 'searching' ? 0 : Math.min(1, held / config.holdMs),
  };
}
