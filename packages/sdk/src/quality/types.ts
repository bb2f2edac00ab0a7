/** A point in normalized frame coordinates (0–1, origin top-left, not mirrored). */
export interface Point {
  readonly x: number;
  readonly y: number;
}

/** A box in normalized frame coordinates. */
export interface Box {
  readonly x: number;
  readonly y: number;
  readonly width: number;
  readonly height: number;
}

/**
 * One detected face, normalized. BlazeFace keypoints, in order: right eye,
 * left eye, nose tip, mouth, right ear tragion, left ear tragion (the
 * subject's right and left).
 */
export interface FaceObservation {
  readonly box: Box;
  readonly keypoints: readonly Point[];
  readonly score: number;
}

/** Cheap statistics of one analysis frame, computed on a downscaled copy. */
export interface FrameStats {
  /** Mean luma inside the face box, 0–255. */
  readonly faceLuma: number;
  /** Mean luma outside the face box, 0–255. */
  readonly backgroundLuma: number;
  /** Variance of the Laplacian on the face crop (higher is sharper). */
  readonly sharpness: number;
}

/** Everything the checks look at for one frame. */
export interface FrameObservation {
  readonly faces: readonly FaceObservation[];
  /** Statistics of the largest face's region; `null` without a face. */
  readonly stats: FrameStats | null;
  /** Frame width / height, to turn normalized sizes into a round face. */
  readonly aspect: number;
}
