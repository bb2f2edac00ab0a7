import type { CaptureChecks } from '@reverify/contract';
import type { QualityConfig } from './config.js';
import { estimateRoll, estimateYaw } from './pose.js';
import type { FaceObservation, FrameObservation, Point } from './types.js';

/** The telemetry of a frame without a face: nothing measured (shared, so frozen). */
export const NO_FACE_TELEMETRY: CaptureChecks = Object.freeze({
  faceCount: 0,
  faceSize: 0,
  offsetX: 0,
  offsetY: 0,
  brightness: 0,
  backlight: 0,
  sharpness: 0,
  yaw: 0,
  roll: 0,
  stability: 0,
});

/**
 * What the user is asked to do, most important first. `ready` means every
 * check passes; `hold_still` is also shown while the gate holds.
 */
export const GUIDANCE_CODES = [
  'multiple_faces',
  'no_face',
  'move_closer',
  'move_back',
  'center_face',
  'look_straight',
  'straighten_head',
  'too_dark',
  'too_bright',
  'backlit',
  'blurry',
  'hold_still',
  'ready',
] as const;

/** A guidance code; see {@link GUIDANCE_CODES}. */
export type GuidanceCode = (typeof GUIDANCE_CODES)[number];

/** The outcome of every check for one frame. */
export interface FrameEvaluation {
  /** The most important failing check, or `ready`. */
  readonly guidance: GuidanceCode;
  /** Each failing check's guidance, in priority order. */
  readonly failing: readonly GuidanceCode[];
  /** The measurements behind the verdict; they travel with the upload. */
  readonly telemetry: CaptureChecks;
  /** The counted face's center, for the stability window; `null` without exactly one face. */
  readonly center: Point | null;
}

const clamp = (value: number, low: number, high: number) => Math.min(high, Math.max(low, value));

function centerOf(face: FaceObservation): Point {
  return { x: face.box.x + face.box.width / 2, y: face.box.y + face.box.height / 2 };
}

/** Largest distance (in frame widths) between `center` and any recent center; Infinity until the window is full. */
export function movement(center: Point, recent: readonly Point[], frames: number): number {
  if (recent.length < frames - 1) return Number.POSITIVE_INFINITY;
  let largest = 0;
  for (const point of recent.slice(-(frames - 1))) {
    largest = Math.max(largest, Math.hypot(point.x - center.x, point.y - center.y));
  }
  return largest;
}

/**
 * Runs every quality check on one frame. Pure: `recent` holds the face
 * centers of the previous frames (oldest first) for the stability check.
 */
export function evaluateFrame(
  frame: FrameObservation,
  recent: readonly Point[],
  config: QualityConfig,
): FrameEvaluation {
  const faces = frame.faces.filter((face) => face.score >= config.minFaceScore);
  const face = [...faces].sort((a, b) => b.box.width - a.box.width)[0];
  const failing: GuidanceCode[] = [];
  if (faces.length > 1) failing.push('multiple_faces');
  if (!face) {
    failing.push('no_face');
    return {
      guidance: failing[0] as GuidanceCode,
      failing,
      telemetry: NO_FACE_TELEMETRY,
      center: null,
    };
  }

  const center = centerOf(face);
  const size = face.box.width;
  const offsetX = center.x - config.ovalCenter.x;
  const offsetY = center.y - config.ovalCenter.y;
  const yaw = estimateYaw(face);
  const roll = estimateRoll(face, frame.aspect);
  const moved = movement(center, recent, config.stabilityFrames);
  const stats = frame.stats;

  if (size < config.minFaceSize) failing.push('move_closer');
  if (size > config.maxFaceSize) failing.push('move_back');
  if (Math.hypot(offsetX, offsetY) > config.maxCenterOffset) failing.push('center_face');
  if (Math.abs(yaw) > config.maxYaw) failing.push('look_straight');
  if (Math.abs(roll) > config.maxRoll) failing.push('straighten_head');
  if (stats) {
    if (stats.faceLuma < config.minFaceLuma) failing.push('too_dark');
    if (stats.faceLuma > config.maxFaceLuma) failing.push('too_bright');
    if (stats.backgroundLuma - stats.faceLuma > config.maxBacklight) failing.push('backlit');
    if (stats.sharpness < config.minSharpness) failing.push('blurry');
  }
  if (moved > config.maxMovement) failing.push('hold_still');

  return {
    guidance: failing[0] ?? 'ready',
    failing,
    telemetry: {
      faceCount: faces.length,
      faceSize: clamp(size, 0, 1),
      offsetX: clamp(offsetX, -1, 1),
      offsetY: clamp(offsetY, -1, 1),
      brightness: clamp(stats?.faceLuma ?? 0, 0, 255),
      backlight: clamp((stats?.faceLuma ?? 0) - (stats?.backgroundLuma ?? 0), -255, 255),
      sharpness: clamp(stats?.sharpness ?? 0, 0, 1e6),
      yaw: clamp(yaw, -90, 90),
      roll: clamp(roll, -180, 180),
      stability: Number.isFinite(moved) ? clamp(moved, 0, 2) : 2,
    },
    center: faces.length === 1 ? center : null,
  };
}
