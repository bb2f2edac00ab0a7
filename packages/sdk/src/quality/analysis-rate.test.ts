import { describe, expect, it } from 'vitest';
import { analysisIntervalMs, smoothedCost } from './analysis-rate.js';
import { DEFAULT_QUALITY_CONFIG } from './config.js';

describe('analysisIntervalMs', () => {
  it('analyses a fast device at the gate’s rate, not the camera’s', () => {
    expect(analysisIntervalMs(12, DEFAULT_QUALITY_CONFIG)).toBe(50);
  });

  it('keeps a slow device’s main thread at most half busy, and never below 4 per second', () => {
    expect(analysisIntervalMs(60, DEFAULT_QUALITY_CONFIG)).toBe(120);
    expect(analysisIntervalMs(400, DEFAULT_QUALITY_CONFIG)).toBe(250);
  });

  it('follows the settings (every frame when asked)', () => {
    expect(analysisIntervalMs(12, { maxAnalysesPerSecond: 1000, analysisBusyShare: 1 })).toBe(12);
  });
});

describe('smoothedCost', () => {
  it('starts at the first cost and moves a third of the way to each new one', () => {
    expect(smoothedCost(null, 15)).toBe(15);
    expect(smoothedCost(10, 20)).toBeCloseTo(13);
  });
});
