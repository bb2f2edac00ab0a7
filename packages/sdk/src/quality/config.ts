/**
 * Thresholds of every quality check and of the capture gate, in one object.
 * Pass a partial object to `<reverify-capture>`'s `quality` property to
 * override any of them.
 */
export interface QualityConfig {
  /** Smallest face width as a fraction of the frame width ("move closer" below). Default 0.22. */
  readonly minFaceSize: number;
  /** Largest face width as a fraction of the frame width ("move back" above). Default 0.6. */
  readonly maxFaceSize: number;
  /** Largest distance of the face center from the oval center, in frame widths/heights. Default 0.12. */
  readonly maxCenterOffset: number;
  /** The oval's center, normalized (x, y). Default (0.5, 0.45). */
  readonly ovalCenter: { readonly x: number; readonly y: number };
  /** Darkest acceptable mean face luma, 0–255. Default 60. */
  readonly minFaceLuma: number;
  /** Brightest acceptable mean face luma, 0–255. Default 215. */
  readonly maxFaceLuma: number;
  /** Largest background-minus-face luma before the face counts as backlit. Default 70. */
  readonly maxBacklight: number;
  /** Smallest variance of the Laplacian on the face crop. Default 12. */
  readonly minSharpness: number;
  /** Largest head turn left/right, degrees. Default 18. */
  readonly maxYaw: number;
  /** Largest head tilt, degrees. Default 12. */
  readonly maxRoll: number;
  /**
   * Analysed frames the stability check looks back over. Default 4: 200 ms
   * at the default 20 analyses a second (what 6 camera frames were at 30).
   */
  readonly stabilityFrames: number;
  /** Largest face-center movement over those frames, in frame widths. Default 0.025. */
  readonly maxMovement: number;
  /** Milliseconds every check must keep passing before the capture. Default 900. */
  readonly holdMs: number;
  /** Consecutive failing frames tolerated while holding (hysteresis). Default 2. */
  readonly graceFrames: number;
  /** Milliseconds a guidance message stays before another may replace it. Default 600. */
  readonly guidanceMinMs: number;
  /** Minimum detector confidence for a face to count. Default 0.6. */
  readonly minFaceScore: number;
  /**
   * Most frames analysed per second while guiding (the gate needs far fewer
   * than a camera's 30; the head-turn challenge always takes every frame).
   * Default 20.
   */
  readonly maxAnalysesPerSecond: number;
  /**
   * Largest share of the time the analysis may take on the main thread: a
   * slow device analyses less often instead of stalling the page (never
   * below 4 per second). Default 0.5.
   */
  readonly analysisBusyShare: number;
}

/** The defaults of {@link QualityConfig}. */
export const DEFAULT_QUALITY_CONFIG: QualityConfig = {
  minFaceSize: 0.22,
  maxFaceSize: 0.6,
  maxCenterOffset: 0.12,
  ovalCenter: { x: 0.5, y: 0.45 },
  minFaceLuma: 60,
  maxFaceLuma: 215,
  maxBacklight: 70,
  minSharpness: 12,
  maxYaw: 18,
  maxRoll: 12,
  stabilityFrames: 4,
  maxMovement: 0.025,
  holdMs: 900,
  graceFrames: 2,
  guidanceMinMs: 600,
  minFaceScore: 0.6,
  maxAnalysesPerSecond: 20,
  analysisBusyShare: 0.5,
};

/**
 * The checks of a still photo from the device's camera app (pure): the same
 * light, sharpness, pose and one-face checks, but no oval to fill or centre
 * on (a camera app frames wider than the live oval) and no motion to measure.
 */
export function stillPhotoConfig(config: QualityConfig): QualityConfig {
  return {
    ...config,
    minFaceSize: Math.min(config.minFaceSize, 0.1),
    maxFaceSize: Math.max(config.maxFaceSize, 0.9),
    maxCenterOffset: Number.POSITIVE_INFINITY,
    maxMovement: Number.POSITIVE_INFINITY,
  };
}
