import type { QualityConfig } from './config.js';

/** The fewest analyses per second however slow the device: guidance must still follow the face. */
const MIN_ANALYSES_PER_SECOND = 4;

/**
 * The cost of an analysis, smoothed (pure): an exponential moving average,
 * so one slow frame (a garbage collection) does not halve the rate.
 */
export function smoothedCost(previousMs: number | null, costMs: number): number {
  return previousMs === null ? costMs : previousMs * 0.7 + costMs * 0.3;
}

/**
 * Milliseconds from one analysis to the next (pure): no sooner than
 * `maxAnalysesPerSecond` allows, and late enough that analyses costing
 * `costMs` take at most `analysisBusyShare` of the time, but never later
 * than 4 per second.
 */
export function analysisIntervalMs(
  costMs: number,
  config: Pick<QualityConfig, 'maxAnalysesPerSecond' | 'analysisBusyShare'>,
): number {
  const fastest = 1000 / config.maxAnalysesPerSecond;
  const slowest = 1000 / MIN_ANALYSES_PER_SECOND;
  return Math.min(slowest, Math.max(fastest, costMs / config.analysisBusyShare));
}
