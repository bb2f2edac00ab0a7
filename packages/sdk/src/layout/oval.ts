/** Where the oval sits in the frame: its centre as fractions of the frame (0–1). */
export interface OvalCenter {
  readonly x: number;
  readonly y: number;
}

/** The oval drawn over the preview, in the video's pixels. */
export interface OvalGeometry {
  readonly cx: number;
  readonly cy: number;
  readonly rx: number;
  readonly ry: number;
  /** An SVG path of the ellipse, drawn from its top clockwise (so a ring fills from 12 o'clock). */
  readonly path: string;
}

/** Height of the oval over its width. */
const OVAL_ASPECT = 1.3;

/**
 * The guide oval for a `videoWidth` × `videoHeight` frame shown with
 * `object-fit: cover` in a box of aspect `viewAspect` (width / height): only
 * the middle of the frame is visible, so the oval is sized to the visible
 * part — at most 72 % of its width and 80 % of its height.
 */
export function ovalGeometry(
  videoWidth: number,
  videoHeight: number,
  viewAspect: number,
  center: OvalCenter,
): OvalGeometry {
  const visibleWidth = Math.min(videoWidth, videoHeight * viewAspect);
  const visibleHeight = Math.min(videoHeight, videoWidth / viewAspect);
  const cx = center.x * videoWidth;
  const cy = center.y * videoHeight;
  const rx = Math.min(visibleWidth * 0.36, (visibleHeight * 0.4) / OVAL_ASPECT);
  const ry = rx * OVAL_ASPECT;
  const path = `M ${cx} ${cy - ry} a ${rx} ${ry} 0 1 1 0 ${2 * ry} a ${rx} ${ry} 0 1 1 0 ${-2 * ry}`;
  return { cx, cy, rx, ry, path };
}
