import { describe, expect, it } from 'vitest';
import { estimateParallax, estimateRoll, estimateYaw } from './pose.js';
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

  it('measures the nose against the eyes: 0 frontal, positive toward the left, without roll', () => {
    expect(estimateParallax(face(), 1)).toBeCloseTo(0, 6);
    const left = estimateParallax(face({ turn: 0.2 }), 1) as number;
    expect(left).toBeGreaterThan(0.2);
    expect(estimateParallax(face({ turn: -0.2 }), 1)).toBeCloseTo(-left, 6);
    // Rolling the whole head (every keypoint rotated 20° about the face's centre) does not turn it.
    const turned = face({ turn: 0.2 });
    const angle = (20 * Math.PI) / 180;
    const rolled = {
      ...turned,
      keypoints: turned.keypoints.map(({ x, y }) => ({
        x: 0.5 + (x - 0.5) * Math.cos(angle) - (y - 0.45) * Math.sin(angle),
        y: 0.45 + (x - 0.5) * Math.sin(angle) + (y - 0.45) * Math.cos(angle),
      })),
    };
    expect(estimateParallax(rolled, 1)).toBeCloseTo(left, 6);
    expect(estimateParallax({ ...face(), keypoints: [] }, 1)).toBeNull();
  });
});
