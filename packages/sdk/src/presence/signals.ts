import type { CaptureSignals } from '@reverify/contract';

/**
 * Running statistics of the preview's frame times (Welford over the
 * `frames - 1` intervals between them), for the camera signals.
 */
export interface FrameTiming {
  readonly frames: number;
  readonly first: number | null;
  readonly last: number | null;
  /** Mean interval between frames (ms). */
  readonly mean: number;
  /** Sum of squared deviations of the intervals from their mean. */
  readonly m2: number;
}

/** No frame seen yet. */
export const NO_FRAME_TIMING: FrameTiming = { frames: 0, first: null, last: null, mean: 0, m2: 0 };

/** The timing after one more frame presented at `at` (ms) (pure). */
export function addFrame(timing: FrameTiming, at: number): FrameTiming {
  if (timing.last === null) return { ...timing, frames: 1, first: at, last: at };
  const interval = at - timing.last;
  const intervals = timing.frames;
  const delta = interval - timing.mean;
  const mean = timing.mean + delta / intervals;
  return {
    frames: timing.frames + 1,
    first: timing.first,
    last: at,
    mean,
    m2: timing.m2 + delta * (interval - mean),
  };
}

/** Measured frames per second and the frame interval's standard deviation (ms). */
export function frameRate(timing: FrameTiming): { fps: number; jitterMs: number } {
  const span = timing.last !== null && timing.first !== null ? timing.last - timing.first : 0;
  return {
    fps: span > 0 ? Math.round(((timing.frames - 1) / span) * 1000 * 10) / 10 : 0,
    jitterMs:
      timing.frames > 2 ? Math.round(Math.sqrt(timing.m2 / (timing.frames - 2)) * 100) / 100 : 0,
  };
}

/** What the camera track and the page say, for {@link captureSignals}. */
export interface CameraFacts {
  readonly label: string;
  readonly requested: MediaTrackConstraints;
  readonly settings: MediaTrackSettings;
  readonly webdriver: boolean;
}

const ideal = (value: unknown): number | null => {
  if (typeof value === 'number') return value;
  const object = value as { ideal?: unknown; exact?: unknown } | undefined;
  const found = object?.ideal ?? object?.exact;
  return typeof found === 'number' ? found : null;
};

/**
 * The signals the handler weighs for injection and virtual cameras (pure):
 * the camera's label, what was asked and what the track delivers, the
 * measured frame rate and jitter, and `navigator.webdriver`.
 */
export function captureSignals(camera: CameraFacts, timing: FrameTiming): CaptureSignals {
  const { fps, jitterMs } = frameRate(timing);
  return {
    cameraLabel: camera.label.slice(0, 200),
    requested: {
      width: ideal(camera.requested.width),
      height: ideal(camera.requested.height),
      frameRate: ideal(camera.requested.frameRate),
    },
    settings: {
      width: camera.settings.width ?? null,
      height: camera.settings.height ?? null,
      frameRate: camera.settings.frameRate ?? null,
    },
    measuredFps: Math.min(1000, fps),
    frameIntervalJitterMs: Math.min(10_000, jitterMs),
    frames: timing.frames,
    webdriver: camera.webdriver,
  };
}
