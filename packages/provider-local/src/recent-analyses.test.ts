import { afterEach, describe, expect, it, vi } from 'vitest';
import { RecentAnalyses } from './recent-analyses.js';

describe('RecentAnalyses', () => {
  afterEach(() => vi.useRealTimers());

  it('analyses the same bytes once while recent, and again once forgotten', async () => {
    vi.useFakeTimers();
    const recent = new RecentAnalyses<number>(1000);
    const compute = vi.fn(async (bytes: Uint8Array) => bytes.length);
    const image = new Uint8Array([1, 2, 3]);
    expect(await recent.get(image, compute)).toBe(3);
    expect(await recent.get(new Uint8Array([1, 2, 3]), compute)).toBe(3);
    expect(compute).toHaveBeenCalledTimes(1);
    await recent.get(new Uint8Array([1, 2, 4]), compute);
    expect(compute).toHaveBeenCalledTimes(2);
    vi.advanceTimersByTime(1001);
    await recent.get(image, compute);
    expect(compute).toHaveBeenCalledTimes(3);
  });

  it('keeps no failure, and at most `max` entries', async () => {
    const recent = new RecentAnalyses<number>(60_000, 2);
    const failing = vi.fn(async () => {
      throw new Error('no pool');
    });
    await expect(recent.get(new Uint8Array([9]), failing)).rejects.toThrow('no pool');
    await expect(recent.get(new Uint8Array([9]), failing)).rejects.toThrow('no pool');
    expect(failing).toHaveBeenCalledTimes(2);
    const compute = vi.fn(async (bytes: Uint8Array) => bytes[0] ?? 0);
    for (const value of [1, 2, 3]) await recent.get(new Uint8Array([value]), compute);
    await recent.get(new Uint8Array([1]), compute);
    expect(compute).toHaveBeenCalledTimes(4);
    await recent.get(new Uint8Array([3]), compute);
    expect(compute).toHaveBeenCalledTimes(4);
  });
});
