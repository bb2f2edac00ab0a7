import { describe, expect, it } from 'vitest';
import { cameraErrorCode, ReverifyError } from './errors.js';

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
