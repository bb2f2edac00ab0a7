import { describe, expect, it } from 'vitest';
import { addFrame, captureSignals, frameRate, NO_FRAME_TIMING } from './signals.js';

describe('camera signals', () => {
  it('measures frame rate and jitter from presentation times', () => {
    let timing = NO_FRAME_TIMING;
    for (let i = 0; i < 31; i++) timing = addFrame(timing, i * 33.3 + (i % 2 ? 2 : -2));
    const { fps, jitterMs } = frameRate(timing);
    expect(fps).toBeGreaterThan(29);
    expect(fps).toBeLessThan(31);
    expect(jitterMs).toBeGreaterThan(3);
    let regular = NO_FRAME_TIMING;
    for (let i = 0; i < 31; i++) regular = addFrame(regular, i * 40);
    expect(frameRate(regular)).toEqual({ fps: 25, jitterMs: 0 });
  });

  it('reports what was asked, what the track delivers and automation', () => {
    const signals = captureSignals(
      {
        label: 'FaceTime HD Camera',
        requested: { width: { ideal: 1280 }, height: { ideal: 720 }, frameRate: 30 },
        settings: { width: 640, height: 480, frameRate: 30 },
        webdriver: false,
      },
      addFrame(addFrame(NO_FRAME_TIMING, 0), 33),
    );
    expect(signals).toMatchObject({
      cameraLabel: 'FaceTime HD Camera',
      requested: { width: 1280, height: 720, frameRate: 30 },
      settings: { width: 640, height: 480, frameRate: 30 },
      frames: 2,
      webdriver: false,
    });
  });
});
