import { describe, expect, it } from 'vitest';
import {
  classifyAttempt,
  DEFAULT_RETRY_SCHEDULE,
  EXTENDED_RETRY_SCHEDULE,
  nextAttemptDelayMs,
  parseRetryAfter,
} from './schedule.js';

describe('classifyAttempt', () => {
  it.each([
    [200, 'delivered'],
    [204, 'delivered'],
    [299, 'delivered'],
    [null, 'retry'],
    [408, 'retry'],
    [429, 'retry'],
    [500, 'retry'],
    [503, 'retry'],
    [410, 'gone'],
    [400, 'rejected'],
    [401, 'rejected'],
    [404, 'rejected'],
    [301, 'rejected'],
  ] as const)('%s → %s', (status, outcome) => {
    expect(classifyAttempt(status)).toBe(outcome);
  });
});

describe('nextAttemptDelayMs', () => {
  it('follows the schedule with ±20 % jitter, then gives up', () => {
    expect(nextAttemptDelayMs(1, DEFAULT_RETRY_SCHEDULE, null, 0.5)).toBe(5000);
    expect(nextAttemptDelayMs(1, DEFAULT_RETRY_SCHEDULE, null, 0)).toBe(4000);
    expect(nextAttemptDelayMs(1, DEFAULT_RETRY_SCHEDULE, null, 1)).toBe(6000);
    expect(nextAttemptDelayMs(2, DEFAULT_RETRY_SCHEDULE, null, 0.5)).toBe(30_000);
    // The seed's three attempts: after the third, the dead-letter queue.
    expect(nextAttemptDelayMs(3, DEFAULT_RETRY_SCHEDULE, null, 0.5)).toBeNull();
  });

  it('makes the extended schedule eight attempts over about a day', () => {
    const total = EXTENDED_RETRY_SCHEDULE.reduce((sum, s) => sum + s, 0);
    expect(EXTENDED_RETRY_SCHEDULE.length + 1).toBe(8);
    expect(total / 3600).toBeGreaterThan(20);
    expect(total / 3600).toBeLessThan(30);
  });

  it('waits at least as long as Retry-After asks, capped at an hour', () => {
    expect(nextAttemptDelayMs(1, DEFAULT_RETRY_SCHEDULE, 20, 0.5)).toBe(20_000);
    expect(nextAttemptDelayMs(1, DEFAULT_RETRY_SCHEDULE, 1, 0.5)).toBe(5000);
    expect(nextAttemptDelayMs(1, DEFAULT_RETRY_SCHEDULE, 99_999, 0.5)).toBe(3_600_000);
  });
});

describe('parseRetryAfter', () => {
  it('reads seconds and HTTP dates', () => {
    const now = Date.parse('2026-11-25T10:00:00Z');
    expect(parseRetryAfter('7', now)).toBe(7);
    expect(parseRetryAfter('Wed, 25 Nov 2026 10:00:30 GMT', now)).toBe(30);
    expect(parseRetryAfter('soon', now)).toBeNull();
    expect(parseRetryAfter(null, now)).toBeNull();
  });
});
