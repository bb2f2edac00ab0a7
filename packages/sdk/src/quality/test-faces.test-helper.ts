import type { FaceObservation, FrameObservation } from './types.js';

/**
 * A synthetic frontal face: a box of `size` frame widths centered at
 * (`cx`, `cy`) with keypoints where BlazeFace puts them on a frontal face.
 * `turn` moves the nose toward one ear (−1…1), `tilt` drops the left eye.
 */
export function face({
  size = 0.35,
  cx = 0.5,
  cy = 0.45,
  score = 0.9,
  turn = 0,
  tilt = 0,
} = {}): FaceObservation {
  const half = size / 2;
  const x = cx - half;
  const y = cy - half;
  return {
    box: { x, y, width: size, height: size },
    score,
    keypoints: [
      { x: cx - size * 0.18, y: cy - size * 0.12 }, // right eye
      { x: cx + size * 0.18, y: cy - size * 0.12 + tilt * size }, // left eye
      { x: cx + turn * size * 0.45, y: cy + size * 0.05 }, // nose tip
      { x: cx, y: cy + size * 0.25 }, // mouth
      { x: cx - size * 0.45, y: cy }, // right ear tragion
      { x: cx + size * 0.45, y: cy }, // left ear tragion
    ],
  };
}

/** A frame with `faces`, good light and sharpness unless overridden. */
export function frame(
  faces: FaceObservation[],
  stats: Partial<NonNullable<FrameObservation['stats']>> = {},
): FrameObservation {
  return {
    faces,
    aspect: 1,
    stats: faces.length ? { faceLuma: 130, backgroundLuma: 120, sharpness: 80, ...stats } : null,
  };
}
