import { describe, expect, it } from 'vitest';
import { cameraErrorCode, ReverifyError, retryCanFix, toReverifyError } from './errors.js';

const ok = { secure: true, hasGetUserMedia: true };

describe('cameraErrorCode', () => {
  it.each([
    ['NotAllowedError', 'camera_denied'],
    ['PermissionDeniedError', 'camera_denied'],
    ['SecurityError', 'camera_denied'],
    ['NotFoundError', 'camera_not_found'],
    ['OverconstrainedError', 'camera_not_found'],
    ['NotReadableError', 'camera_busy'],
    ['TrackStartError', 'camera_busy'],
    ['AbortError', 'camera_busy'],
  ])('maps %s to %s', (name, code) => {
    expect(cameraErrorCode(Object.assign(new Error('x'), { name }), ok)).toBe(code);
  });

  it('blames the page before the camera: insecure context, then missing API', () => {
    const denied = Object.assign(new Error('x'), { name: 'NotAllowedError' });
    expect(cameraErrorCode(denied, { secure: false, hasGetUserMedia: false })).toBe(
      'insecure_context',
    );
    expect(cameraErrorCode(denied, { secure: true, hasGetUserMedia: false })).toBe(
      'unsupported_browser',
    );
  });

  it('treats unknown failures as a busy camera', () => {
    expect(cameraErrorCode('weird', ok)).toBe('camera_busy');
    expect(cameraErrorCode(null, ok)).toBe('camera_busy');
  });
});

describe('ReverifyError', () => {
  it('keeps its code and cause', () => {
    const cause = new Error('root');
    const error = new ReverifyError('network_error', 'offline', { cause });
    expect(error).toBeInstanceOf(Error);
    expect([error.code, error.name, error.cause]).toEqual([
      'network_error',
      'ReverifyError',
      cause,
    ]);
  });
});

describe('toReverifyError', () => {
  it('keeps a ReverifyError, and wraps anything else with the given code and its cause', () => {
    const typed = new ReverifyError('offline', 'offline');
    expect(toReverifyError(typed)).toBe(typed);
    const cause = new TypeError('Failed to fetch');
    const wrapped = toReverifyError(cause);
    expect([wrapped.code, wrapped.message, wrapped.cause]).toEqual([
      'network_error',
      'TypeError: Failed to fetch',
      cause,
    ]);
    expect(toReverifyError('busy', 'camera_busy').code).toBe('camera_busy');
  });
});

describe('retryCanFix', () => {
  it('offers no retry where trying again on the same page cannot help', () => {
    for (const code of [
      'enrollment_not_found',
      'origin_not_allowed',
      'handoff_link_used',
      'too_many_attempts',
      'unsupported_browser',
    ] as const)
      expect(retryCanFix(code), code).toBe(false);
  });

  it('offers a retry for transient and camera failures', () => {
    for (const code of [
      'network_error',
      'offline',
      'camera_busy',
      'camera_denied',
      'capture_timeout',
      'provider_unavailable',
    ] as const)
      expect(retryCanFix(code), code).toBe(true);
  });
});
