import { describe, expect, it } from 'vitest';
import { calibrate } from './calibration.js';

const facts = { people: 2, images: 4, skipped: [] };

describe('calibrate', () => {
  it('suggests the middle of the gap when same and different scores separate', () => {
    const report = calibrate([0.84, 0.9, 0.99], [0.33, 0.5, 0.62], facts);
    expect(report.suggestedThreshold).toBe(0.73);
    expect(report.samePerson).toEqual({ pairs: 3, min: 0.84, median: 0.9, max: 0.99 });
    expect(report.rates.find((r) => r.threshold === 0.74)).toEqual({
      threshold: 0.74,
      falseAcceptRate: 0,
      falseRejectRate: 0,
    });
    expect(report.rates.find((r) => r.threshold === 0.5)?.falseAcceptRate).toBe(0.667);
  });

  it('falls back to the equal error rate when scores overlap', () => {
    const report = calibrate([0.6, 0.7, 0.8, 0.9], [0.5, 0.65, 0.72, 0.4], facts);
    expect(report.rule).toMatch(/equal error rate/);
    const chosen = report.rates.find((r) => r.threshold === report.suggestedThreshold);
    expect(
      Math.abs((chosen?.falseAcceptRate ?? 1) - (chosen?.falseRejectRate ?? 0)),
    ).toBeLessThanOrEqual(0.25);
  });

  it('needs both kinds of pairs', () => {
    expect(() => calibrate([], [0.1], facts)).toThrow();
  });
});
