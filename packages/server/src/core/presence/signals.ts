import { type CaptureSignals, isVirtualCameraLabel } from '@reverify/contract';

/** Why the device's camera signals look injected, or `null` (pure). */
export function suspiciousSignals(signals: CaptureSignals | null): string | null {
  if (!signals) return null;
  if (isVirtualCameraLabel(signals.cameraLabel)) return 'virtual camera label';
  if (signals.webdriver) return 'automated browser';
  if (signals.frames >= 30) {
    // A real sensor's frame times wander by a millisecond or more; a perfectly regular stream is synthetic.
    if (signals.frameIntervalJitterMs < 0.05) return 'perfectly regular frames';
    if (signals.measuredFps < 3) return 'frame rate too low for a live camera';
  }
  const asked = signals.settings.frameRate;
  if (asked && signals.frames >= 30 && signals.measuredFps > asked * 2 + 5) {
    return 'more frames than the camera says it delivers';
  }
  return null;
}
