import type { FaceObservation } from './types.js';

const DEG = 180 / Math.PI;

/**
 * Head roll in degrees from the eye line (positive: the head tilts toward
 * the subject's left shoulder). `aspect` is frame width / height, so the
 * normalized coordinates become square.
 */
export function estimateRoll(face: FaceObservation, aspect: number): number {
  const [right, left] = face.keypoints;
  if (!right || !left) return 0;
  return Math.atan2((left.y - right.y) / aspect, left.x - right.x) * DEG;
}

/**
 * Head yaw in degrees from where the nose sits between the two ear
 * tragions: 0 when centered, ±90 when the nose reaches one ear. A frontal
 * face gives |yaw| under ~10°.
 */
export function estimateYaw(face: FaceObservation): number {
  const [, , nose, , rightEar, leftEar] = face.keypoints;
  if (!nose || !rightEar || !leftEar) return 0;
  const span = leftEar.x - rightEar.x;
  if (Math.abs(span) < 1e-6) return 0;
  // 0 at the right ear, 1 at the left ear; 0.5 is frontal.
  const position = (nose.x - rightEar.x) / span;
  const clamped = Math.min(1, Math.max(0, position));
  return Math.asin((clamped - 0.5) * 2) * DEG;
}

/**
 * The nose tip's offset from the eye midpoint along the eye line, divided
 * by the eye distance (roll-corrected): about 0 facing the camera, growing
 * as the head turns toward the person's left, falling toward their right.
 * The same measure the handler verifies on its own models; here it only
 * guides the person, so its noise is smoothed over frames.
 */
export function estimateParallax(face: FaceObservation, aspect: number): number | null {
  const [right, left, nose] = face.keypoints;
  if (!right || !left || !nose) return null;
  // Normalized coordinates: make them square before measuring.
  const ax = left.x - right.x;
  const ay = (left.y - right.y) / aspect;
  const length = ax * ax + ay * ay;
  if (length < 1e-8) return null;
  const mx = (left.x + right.x) / 2;
  const my = (left.y + right.y) / 2;
  return ((nose.x - mx) * ax + ((nose.y - my) / aspect) * ay) / length;
}
