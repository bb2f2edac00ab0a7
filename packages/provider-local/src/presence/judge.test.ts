import { describe, expect, it } from 'vitest';
import { DEFAULT_THRESHOLDS } from '../decision.js';
import type { Analysis } from '../face-analyzer.js';
import { type AnalysedKeyframe, DEFAULT_PRESENCE_THRESHOLDS, judgePresence } from './judge.js';

const embedding = Float32Array.from({ length: 8 }, (_, i) => i + 1);
const face = (yaw: number, parallax: number, patch: Partial<Analysis> = {}): Analysis => ({
  faces: [{ score: 0.95, width: 0.3 }],
  embedding,
  pose: { yaw, pitch: 0, roll: 0, parallax },
  live: 0.9,
  ms: 1,
  ...patch,
});
const sequence = (...poses: [number, number][]): AnalysedKeyframe[] =>
  (['frontal', 'peak_1', 'peak_2', 'return'] as const).map((name, i) => ({
    name,
    analysis: face(...(poses[i] as [number, number])),
  }));
const judge = (keyframes: AnalysedKeyframe[]) =>
  judgePresence(
    ['turn_left', 'turn_right'],
    keyframes,
    DEFAULT_PRESENCE_THRESHOLDS,
    DEFAULT_THRESHOLDS,
  );

describe('judgePresence', () => {
  it('passes turns past both thresholds in the asked directions, back at the centre', () => {
    // Left: parallax up, Human's yaw down; right: the opposite.
    const verdict = judge(sequence([0, 0], [-10, 0.2], [10, -0.2], [1, 0.01]));
    expect(verdict).toMatchObject({ status: 'passed', reasons: ['liveness_passed'] });
    expect(verdict.score).toBeGreaterThan(0);
  });

  it('reviews a turn too small or too flat, one that does not return, and a low passive score', () => {
    expect(judge(sequence([0, 0], [-3, 0.15], [10, -0.2], [0, 0])).status).toBe('review');
    expect(judge(sequence([0, 0], [-10, 0.2], [10, -0.2], [9, -0.15])).status).toBe('review');
    const doubtful = sequence([0, 0], [-10, 0.2], [10, -0.2], [0, 0]);
    doubtful[0] = { name: 'frontal', analysis: face(0, 0, { live: 0.1 }) };
    expect(judge(doubtful)).toMatchObject({ status: 'review', reasons: ['liveness_uncertain'] });
  });

  it('fails no movement, the wrong way, a second face and a different face', () => {
    expect(judge(sequence([0, 0], [0.5, 0.01], [0, 0], [0, 0]))).toMatchObject({
      status: 'failed',
      reasons: ['liveness_failed'],
    });
    expect(judge(sequence([0, 0], [10, -0.2], [-10, 0.2], [0, 0])).status).toBe('failed');
    const twoFaces = sequence([0, 0], [-10, 0.2], [10, -0.2], [0, 0]);
    twoFaces[1] = {
      name: 'peak_1',
      analysis: face(-10, 0.2, {
        faces: [
          { score: 0.9, width: 0.2 },
          { score: 0.9, width: 0.2 },
        ],
      }),
    };
    expect(judge(twoFaces)).toMatchObject({ status: 'failed', reasons: ['face_changed'] });
    const swapped = sequence([0, 0], [-10, 0.2], [10, -0.2], [0, 0]);
    swapped[2] = {
      name: 'peak_2',
      analysis: face(10, -0.2, {
        embedding: Float32Array.from({ length: 8 }, (_, i) => (i % 2 ? -1 : 1)),
      }),
    };
    expect(judge(swapped)).toMatchObject({ status: 'failed', reasons: ['face_changed'] });
  });
});
