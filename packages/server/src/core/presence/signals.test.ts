import type { CaptureSignals } from '@reverify/contract';
import { describe, expect, it } from 'vitest';
import { suspiciousSignals } from './signals.js';

const webcam: CaptureSignals = {
  cameraLabel: 'FaceTime HD Camera (05ac:8514)',
  requested: { width: 1280, height: 720, frameRate: 30 },
  settings: { width: 1280, height: 720, frameRate: 30 },
  measuredFps: 28.7,
  frameIntervalJitterMs: 3.2,
  frames: 160,
  webdriver: false,
};

describe('suspiciousSignals', () => {
  it('passes an ordinary webcam, and an unusual but plausible one', () => {
    expect(suspiciousSignals(webcam)).toBeNull();
    expect(suspiciousSignals(null)).toBeNull();
    expect(
      suspiciousSignals({
        ...webcam,
        cameraLabel: 'USB2.0 HD UVC WebCam',
        measuredFps: 9,
        frames: 40,
      }),
    ).toBeNull();
  });

  it('flags virtual cameras, automation and synthetic frame timing', () => {
    expect(suspiciousSignals({ ...webcam, cameraLabel: 'OBS Virtual Camera' })).toMatch(/virtual/);
    expect(suspiciousSignals({ ...webcam, webdriver: true })).toMatch(/automated/);
    expect(suspiciousSignals({ ...webcam, frameIntervalJitterMs: 0 })).toMatch(/regular/);
    expect(suspiciousSignals({ ...webcam, measuredFps: 90 })).toMatch(/more frames/);
  });
});
