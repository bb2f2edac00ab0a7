import { describe, expect, it } from 'vitest';
import {
  cosineSimilarity,
  DEFAULT_THRESHOLDS,
  decideMatch,
  faceProblem,
  templateBytes,
  templateFrom,
} from './decision.js';

const one = [{ score: 0.9, width: 0.3 }];

describe('cosineSimilarity', () => {
  it('is 1 for the same direction, 0 for orthogonal, −1 for opposite', () => {
    expect(cosineSimilarity(Float32Array.of(1, 2, 3), Float32Array.of(2, 4, 6))).toBeCloseTo(1, 6);
    expect(cosineSimilarity(Float32Array.of(1, 0), Float32Array.of(0, 5))).toBeCloseTo(0, 6);
    expect(cosineSimilarity(Float32Array.of(1, 1), Float32Array.of(-1, -1))).toBeCloseTo(-1, 6);
    expect(cosineSimilarity(Float32Array.of(0, 0), Float32Array.of(1, 1))).toBe(0);
    expect(() => cosineSimilarity(Float32Array.of(1), Float32Array.of(1, 2))).toThrow();
  });
});

describe('decideMatch', () => {
  it.each([
    [0.9, 'approved', ['selfie_match']],
    [0.75, 'approved', ['selfie_match']],
    [0.7, 'manual_review', ['selfie_unclear']],
    [0.6, 'manual_review', ['selfie_unclear']],
    [0.59, 'rejected', ['selfie_no_match']],
    [-0.2, 'rejected', ['selfie_no_match']],
  ] as const)('similarity %s → %s', (score, decision, reasons) => {
    expect(decideMatch(one, score, DEFAULT_THRESHOLDS)).toEqual({ decision, reasons });
  });

  it("decides the match only, never liveness (that is the handler's presence step)", () => {
    const { reasons } = decideMatch(one, 0.95, DEFAULT_THRESHOLDS);
    expect(reasons.some((reason) => reason.startsWith('liveness'))).toBe(false);
  });

  it('names face problems before comparing', () => {
    expect(decideMatch([], null, DEFAULT_THRESHOLDS)).toEqual({
      decision: 'rejected',
      reasons: ['no_face'],
    });
    expect(decideMatch([...one, ...one], null, DEFAULT_THRESHOLDS).reasons[0]).toBe(
      'multiple_faces',
    );
    expect(decideMatch([{ score: 0.3, width: 0.3 }], 0.99, DEFAULT_THRESHOLDS)).toEqual({
      decision: 'manual_review',
      reasons: ['selfie_unclear'],
    });
    expect(faceProblem(one, DEFAULT_THRESHOLDS)).toBeNull();
  });
});

describe('templates', () => {
  it('round-trip through bytes exactly', () => {
    const embedding = Float32Array.from({ length: 1024 }, (_, i) => Math.sin(i));
    expect(templateFrom(templateBytes(embedding))).toEqual(embedding);
    expect(templateBytes(embedding).byteLength).toBe(4096);
  });
});
