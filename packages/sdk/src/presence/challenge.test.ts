import { describe, expect, it } from 'vitest';
import {
  type ChallengeConfig,
  type ChallengeState,
  DEFAULT_CHALLENGE_TUNING,
  startChallenge,
  stepChallenge,
} from './challenge.js';

const config: ChallengeConfig = {
  ...DEFAULT_CHALLENGE_TUNING,
  moves: ['turn_left', 'turn_right'],
  moveTimeoutMs: 8000,
};

/** Runs frames 33 ms apart; returns the keyframes taken (with their frame index) and the end state. */
function run(parallaxes: readonly (number | null)[], start = startChallenge(0.02, 0, config)) {
  let state: ChallengeState = start;
  const keyframes: [string, number][] = [];
  parallaxes.forEach((parallax, i) => {
    const step = stepChallenge(state, parallax, (i + 1) * 33, config);
    state = step.state;
    if (step.keyframe) keyframes.push([step.keyframe, i]);
  });
  return { state, keyframes };
}

const ramp = (from: number, to: number, frames: number) =>
  Array.from({ length: frames }, (_, i) => from + ((to - from) * (i + 1)) / frames);

describe('the device challenge', () => {
  it('takes a peak per move and the return, in order, for a head turning both ways', () => {
    const frames = [
      ...ramp(0.02, 0.35, 8),
      ...Array(4).fill(0.35),
      ...ramp(0.35, 0.02, 8),
      ...Array(4).fill(0.02),
      ...ramp(0.02, -0.3, 8),
      ...Array(4).fill(-0.3),
      ...ramp(-0.3, 0.02, 8),
      ...Array(5).fill(0.02),
    ];
    const { state, keyframes } = run(frames);
    expect(keyframes.map(([name]) => name)).toEqual(['peak_1', 'peak_2', 'return']);
    expect(state.phase).toBe('done');
  });

  it('asks for more while moving the right way, and ignores a turn the wrong way', () => {
    const { state, keyframes } = run([...ramp(0.02, 0.115, 5)]);
    expect(state.guidance).toBe('turn_more');
    const wrong = run([...ramp(0.02, -0.4, 10), ...Array(5).fill(-0.4)]);
    expect(wrong.keyframes).toEqual([]);
    expect(wrong.state.guidance).toBe('turn_left');
    expect(keyframes).toEqual([]);
  });

  it('needs the turn to hold: one noisy frame past the threshold is not a peak', () => {
    const { keyframes } = run([0.02, 0.6, 0.02, 0.02, 0.6, 0.02]);
    expect(keyframes).toEqual([]);
  });

  it('asks to keep the face in view when it is lost, and times out a move that never comes', () => {
    expect(run([null]).state.guidance).toBe('keep_face_visible');
    const still = run(Array(300).fill(0.02));
    expect(still.state.phase).toBe('timed_out');
    expect(still.keyframes).toEqual([]);
  });
});
