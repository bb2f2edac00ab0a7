import { describe, expect, it } from 'vitest';
import { detectInAppBrowser, preflightProblems } from './preflight.js';

describe('detectInAppBrowser', () => {
  it.each([
    [
      'Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Mobile/15E148 [FBAN/FBIOS;FBAV/440.0]',
      'facebook',
    ],
    [
      'Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0 Mobile Safari/537.36 Instagram 312.0',
      'instagram',
    ],
    [
      'Mozilla/5.0 (Linux; Android 13; wv) AppleWebKit/537.36 (KHTML, like Gecko) Version/4.0 Chrome/119.0 Mobile Safari/537.36',
      'android-webview',
    ],
    [
      'Mozilla/5.0 (iPhone; CPU iPhone OS 17_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Mobile/15E148 MicroMessenger/8.0.42',
      'wechat',
    ],
    [
      'Mozilla/5.0 (iPhone; CPU iPhone OS 17_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Mobile/15E148',
      'ios-webview',
    ],
  ])('recognises %s', (userAgent, expected) => {
    expect(detectInAppBrowser(userAgent)).toBe(expected);
  });

  it.each([
    'Mozilla/5.0 (iPhone; CPU iPhone OS 17_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.1 Mobile/15E148 Safari/604.1',
    'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/156.0.0.0 Safari/537.36',
    'Mozilla/5.0 (iPhone; CPU iPhone OS 17_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) CriOS/120.0 Mobile/15E148 Safari/604.1',
  ])('leaves real browsers alone: %s', (userAgent) => {
    expect(detectInAppBrowser(userAgent)).toBeNull();
  });
});

describe('preflightProblems', () => {
  const fine = {
    secureContext: true,
    getUserMedia: true,
    cameraPermission: 'prompt' as const,
    camerasFound: 1,
    webAssembly: true,
    wasmSimd: true,
    inAppBrowser: null,
    assetsReachable: true,
  };
  it('finds nothing wrong on a capable device', () => {
    expect(preflightProblems(fine)).toEqual([]);
  });
  it('puts the page before the device', () => {
    expect(
      preflightProblems({ ...fine, secureContext: false, getUserMedia: false, camerasFound: 0 }),
    ).toEqual(['insecure_context', 'camera_not_found']);
    expect(preflightProblems({ ...fine, webAssembly: false })).toEqual(['unsupported_browser']);
    expect(
      preflightProblems({ ...fine, cameraPermission: 'denied', assetsReachable: false }),
    ).toEqual(['camera_denied', 'model_load_failed']);
  });
  it('does not block on unknowns or a non-SIMD device', () => {
    expect(
      preflightProblems({
        ...fine,
        camerasFound: null,
        cameraPermission: 'unknown',
        assetsReachable: null,
        wasmSimd: false,
      }),
    ).toEqual([]);
  });
});
