import { describe, expect, it } from 'vitest';
import { estimateRoll, estimateYaw } from './pose.js';
import { face } from './test-faces.test-helper.js';

describe('head pose', () => {
  it('reads a frontal face as straight', () => {
    expect(estimateYaw(face())).toBeCloseTo(0, 6);
    expect(estimateRoll(face(), 1)).toBeCloseTo(0, 6);
  });

  it('grows yaw as the nose moves toward an ear, with the sign of the side', () => {
    const small = estimateYaw(face({ turn: 0.2 }));
    const large = estimateYaw(face({ turn: 0.4 }));
    expect(small).toBeGreaterThan(10);
    expect(large).toBeGreaterThan(small);
    expect(estimateYaw(face({ turn: -0.4 }))).toBeCloseTo(-large, 6);
    expect(estimateYaw(face({ turn: 5 }))).toBe(90);
  });

  it('measures roll from the eye line, correcting for the frame aspect', () => {
    const tilted = face({ tilt: 0.36 * Math.tan(Math.PI / 12) });
    expect(estimateRoll(tilted, 1)).toBeCloseTo(15, 1);
    expect(estimateRoll(tilted, 2)).toBeLessThan(15);
  });

  it('copes with missing keypoints', () => {
    const bare = { ...face(), keypoints: [] };
    expect(estimateYaw(bare)).toBe(0);
    expect(estimateRoll(bare, 1)).toBe(0);
  });
});
