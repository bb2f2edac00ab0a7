import { describe, expect, it } from 'vitest';
import type { GuidanceCode } from './checks.js';
import { DEFAULT_QUALITY_CONFIG } from './config.js';
import { type GateState, initialGate, stepGate } from './gate.js';

const config = { ...DEFAULT_QUALITY_CONFIG, holdMs: 900, graceFrames: 2, guidanceMinMs: 600 };

/** Feeds one guidance per 33 ms frame (30 fps) and returns every step. */
function run(codes: GuidanceCode[], start: GateState = initialGate(0)) {
  let state = start;
  return codes.map((code, i) => {
    const step = stepGate(state, code, (i + 1) * 33, config);
    state = step.state;
    return step;
  });
}

describe('stepGate', () => {
  it('becomes ready only after every check passed for the hold time', () => {
    const steps = run(Array(40).fill('ready'));
    const firstReady = steps.findIndex((s) => s.state.phase === 'ready');
    // The hold starts at frame 1 (33 ms); 900 ms later is frame 29 (957 ms).
    expect(firstReady).toBe(28);
    expect(steps[27]?.state.phase).toBe('holding');
    expect(steps[27]?.progress).toBeGreaterThan(0.9);
    expect(steps[firstReady]?.progress).toBe(1);
    expect(steps[10]?.state.guidance).toBe('hold_still');
  });

  it('forgives up to graceFrames failing frames during a hold (hysteresis)', () => {
    const codes: GuidanceCode[] = [
      ...Array(10).fill('ready'),
      'blurry',
      'blurry',
      ...Array(20).fill('ready'),
    ];
    const steps = run(codes);
    expect(steps.map((s) => s.state.phase)).not.toContain('searching');
    expect(steps[28]?.state.phase).toBe('ready');
  });

  it('restarts the countdown after more failing frames than the grace', () => {
    const codes: GuidanceCode[] = [
      ...Array(10).fill('ready'),
      'blurry',
      'blurry',
      'blurry',
      ...Array(20).fill('ready'),
    ];
    const steps = run(codes);
    expect(steps[12]?.state.phase).toBe('searching');
    expect(steps[13]?.state.phase).toBe('holding');
    expect(steps[13]?.progress).toBe(0);
    expect(steps.at(-1)?.state.phase).toBe('holding');
  });

  it('keeps a guidance message on screen for guidanceMinMs', () => {
    const codes: GuidanceCode[] = [
      'move_closer',
      'center_face',
      'center_face',
      ...Array(20).fill('too_dark'),
    ];
    const steps = run(codes, { ...initialGate(0), guidance: 'move_closer', guidanceSince: 0 });
    const shown = steps.map((s) => s.state.guidance);
    expect(shown.slice(0, 17)).toEqual(Array(17).fill('move_closer'));
    // 600 ms after the last change (frame 18 at 594 ms is still too early).
    expect(shown[18]).toBe('too_dark');
  });

  it('stays ready once ready', () => {
    const ready = run(Array(30).fill('ready')).at(-1)?.state as GateState;
    expect(stepGate(ready, 'no_face', 5000, config).state.phase).toBe('ready');
  });
});
