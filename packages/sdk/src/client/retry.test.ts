import { describe, expect, it } from 'vitest';
import { DEFAULT_RETRY, isRetryable, retryDelayMs } from './retry.js';

describe('upload retries', () => {
  it('retries network failures, 5xx, 408 and 429 only', () => {
    expect(isRetryable({ code: 'network_error', status: 0 })).toBe(true);
    expect(isRetryable({ code: 'offline', status: 0 })).toBe(true);
    expect(isRetryable({ code: 'internal_error', status: 500 })).toBe(true);
    expect(isRetryable({ code: 'provider_unavailable', status: 503 })).toBe(true);
    expect(isRetryable({ code: 'rate_limited', status: 429 })).toBe(true);
    expect(isRetryable({ code: 'invalid_request', status: 408 })).toBe(true);
    for (const [code, status] of [
      ['invalid_request', 400],
      ['origin_not_allowed', 0],
      ['unauthorized', 401],
      ['upload_already_used', 409],
      ['corrupt_image', 422],
    ] as const) {
      expect(isRetryable({ code, status }), code).toBe(false);
    }
  });

  it('backs off exponentially with jitter, capped', () => {
    expect(retryDelayMs(1, undefined, DEFAULT_RETRY, 1)).toBe(500);
    expect(retryDelayMs(1, undefined, DEFAULT_RETRY, 0)).toBe(250);
    expect(retryDelayMs(3, undefined, DEFAULT_RETRY, 1)).toBe(2000);
    expect(retryDelayMs(10, undefined, DEFAULT_RETRY, 1)).toBe(8000);
  });

  it('honours Retry-After, capped at 30 s', () => {
    expect(retryDelayMs(1, 3, DEFAULT_RETRY, 0.7)).toBe(3000);
    expect(retryDelayMs(1, 120, DEFAULT_RETRY, 0.7)).toBe(30_000);
  });
});
