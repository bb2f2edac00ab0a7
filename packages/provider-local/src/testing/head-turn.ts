/**
 * Synthetic presentations for the presence tests and `bench:liveness`, made
 * from still portraits (no package ships a video of a head turning):
 *
 * - {@link turnHead}: a bona fide head turn, warping the portrait piecewise
 *   over Human's 3D face mesh rotated about a vertical axis behind the face,
 *   so the nose moves against the eyes as a real head's depth makes it;
 * - {@link turnFlatPhoto}: the attack of a printed photo turned in front of
 *   the camera — a planar homography of the whole picture;
 * - {@link recaptureScreen}: the attack of a screen replay — moiré, LCD
 *   subpixel stripes, glare and a little blur over a frame.
 *
 * They are labs, not people: say so wherever their numbers are reported.
 */

/** An RGB image in memory. */
export interface RawImage {
  readonly data: Uint8Array;
  readonly width: number;
  readonly height: number;
}

type Point3 = readonly [number, number, number];

function sample(image: RawImage, x: number, y: number, out: Uint8Array, at: number): void {
  const x0 = Math.max(0, Math.min(image.width - 2, Math.floor(x)));
  const y0 = Math.max(0, Math.min(image.height - 2, Math.floor(y)));
  const fx = Math.min(1, Math.max(0, x - x0));
  const fy = Math.min(1, Math.max(0, y - y0));
  for (let c = 0; c < 3; c++) {
    const p = (yy: number, xx: number) => image.data[(yy * image.width + xx) * 3 + c] as number;
    const top = p(y0, x0) * (1 - fx) + p(y0, x0 + 1) * fx;
    const bottom = p(y0 + 1, x0) * (1 - fx) + p(y0 + 1, x0 + 1) * fx;
    out[at + c] = Math.round(top * (1 - fy) + bottom * fy);
  }
}

/** Fills the destination triangle `d` with the source triangle `s` of `source` (affine per triangle). */
function warpTriangle(
  source: RawImage,
  target: Uint8Array,
  d: readonly (readonly [number, number])[],
  s: readonly (readonly [number, number])[],
): void {
  const [a, b, c] = d as [[number, number], [number, number], [number, number]];
  const det = (b[1] - c[1]) * (a[0] - c[0]) + (c[0] - b[0]) * (a[1] - c[1]);
  if (Math.abs(det) < 1e-6) return;
  const minX = Math.max(0, Math.floor(Math.min(a[0], b[0], c[0])));
  const maxX = Math.min(source.width - 1, Math.ceil(Math.max(a[0], b[0], c[0])));
  const minY = Math.max(0, Math.floor(Math.min(a[1], b[1], c[1])));
  const maxY = Math.min(source.height - 1, Math.ceil(Math.max(a[1], b[1], c[1])));
  for (let y = minY; y <= maxY; y++) {
    for (let x = minX; x <= maxX; x++) {
      const l1 = ((b[1] - c[1]) * (x - c[0]) + (c[0] - b[0]) * (y - c[1])) / det;
      const l2 = ((c[1] - a[1]) * (x - c[0]) + (a[0] - c[0]) * (y - c[1])) / det;
      const l3 = 1 - l1 - l2;
      if (l1 < -1e-3 || l2 < -1e-3 || l3 < -1e-3) continue;
      const sx = l1 * (s[0]?.[0] ?? 0) + l2 * (s[1]?.[0] ?? 0) + l3 * (s[2]?.[0] ?? 0);
      const sy = l1 * (s[0]?.[1] ?? 0) + l2 * (s[1]?.[1] ?? 0) + l3 * (s[2]?.[1] ?? 0);
      sample(source, sx, sy, target, (y * source.width + x) * 3);
    }
  }
}

/**
 * Moves what surrounds the face (hair, ears, cheeks the mesh leaves out)
 * along with it, fading to nothing half a face width away, so the turned
 * face does not leave the old one showing beside it. Each output pixel
 * takes its colour from where the displacement of its nearest mesh points
 * says it came from.
 */
function dragSurroundings(
  portrait: RawImage,
  out: Uint8Array,
  mesh: readonly Point3[],
  turned: readonly Point3[],
  faceWidth: number,
): void {
  const reach = 0.5 * faceWidth;
  const xs = turned.map((p) => p[0]).concat(mesh.map((p) => p[0]));
  const ys = mesh.map((p) => p[1]);
  const left = Math.max(0, Math.floor(Math.min(...xs) - reach));
  const right = Math.min(portrait.width - 1, Math.ceil(Math.max(...xs) + reach));
  const top = Math.max(0, Math.floor(Math.min(...ys) - reach));
  const bottom = Math.min(portrait.height - 1, Math.ceil(Math.max(...ys) + reach));
  // Every 4th mesh point is enough for a smooth field.
  const anchors = turned
    .map((p, i) => ({ x: p[0], y: p[1], dx: p[0] - (mesh[i]?.[0] ?? p[0]) }))
    .filter((_, i) => i % 4 === 0);
  for (let y = top; y <= bottom; y++) {
    for (let x = left; x <= right; x++) {
      let nearest = Number.POSITIVE_INFINITY;
      let weight = 0;
      let dx = 0;
      for (const anchor of anchors) {
        const d2 = (anchor.x - x) ** 2 + (anchor.y - y) ** 2;
        nearest = Math.min(nearest, d2);
        const w = 1 / (d2 + 25);
        weight += w;
        dx += w * anchor.dx;
      }
      const fade = Math.max(0, 1 - Math.sqrt(nearest) / reach);
      if (fade <= 0) continue;
      sample(portrait, x - (dx / weight) * fade, y, out, (y * portrait.width + x) * 3);
    }
  }
}

/**
 * The portrait with its head turned by `yawDegrees` (positive: toward the
 * person's own left, which is the image's right), warped over the face mesh
 * (`mesh` in the image's pixels with depth, `triangles` three indices each).
 */
export function turnHead(
  portrait: RawImage,
  mesh: readonly Point3[],
  triangles: readonly number[],
  yawDegrees: number,
): RawImage {
  const theta = (yawDegrees * Math.PI) / 180;
  const xs = mesh.map((p) => p[0]);
  const zs = mesh.map((p) => p[2]);
  const width = Math.max(...xs) - Math.min(...xs);
  const cx = xs.reduce((sum, x) => sum + x, 0) / xs.length;
  // The axis of a head's turn is well behind the face's surface (about 3/4 of a face width).
  const cz = zs.reduce((sum, z) => sum + z, 0) / zs.length + 0.75 * width;
  const turned = mesh.map(([x, y, z]) => {
    const dx = x - cx;
    const dz = z - cz;
    return [
      cx + dx * Math.cos(theta) - dz * Math.sin(theta),
      y,
      cz + dx * Math.sin(theta) + dz * Math.cos(theta),
    ] as const;
  });
  const out = new Uint8Array(portrait.data);
  dragSurroundings(portrait, out, mesh, turned, width);
  const order: number[] = [];
  for (let t = 0; t + 2 < triangles.length; t += 3) order.push(t);
  // Painter's order: farther triangles first, so the near side covers what turns away.
  const depth = (t: number) =>
    [0, 1, 2].reduce((sum, k) => sum + (turned[triangles[t + k] as number]?.[2] ?? 0), 0);
  order.sort((a, b) => depth(b) - depth(a));
  for (const t of order) {
    const ids = [0, 1, 2].map((k) => triangles[t + k] as number);
    warpTriangle(
      portrait,
      out,
      ids.map((i) => [turned[i]?.[0] ?? 0, turned[i]?.[1] ?? 0] as const),
      ids.map((i) => [mesh[i]?.[0] ?? 0, mesh[i]?.[1] ?? 0] as const),
    );
  }
  return { data: out, width: portrait.width, height: portrait.height };
}

/**
 * A flat picture of the portrait turned by `yawDegrees` about its vertical
 * centre line, seen by a pinhole camera of focal length `focal` pixels: the
 * homography a printed photo or a phone held up and turned produces.
 */
export function turnFlatPhoto(portrait: RawImage, yawDegrees: number, focal = 700): RawImage {
  const theta = (yawDegrees * Math.PI) / 180;
  const { width, height } = portrait;
  const cx = width / 2;
  const cy = height / 2;
  const out = new Uint8Array(width * height * 3).fill(96);
  const distance = focal;
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      // Back-project the pixel's ray onto the turned plane, then into the photo.
      const rx = (x - cx) / focal;
      const ry = (y - cy) / focal;
      const t = distance / (1 - rx * Math.tan(theta));
      const px = (t * rx) / Math.cos(theta);
      const py = t * ry;
      if (!(t > 0)) continue;
      const u = px + cx;
      const v = py + cy;
      if (u < 0 || v < 0 || u >= width - 1 || v >= height - 1) continue;
      sample(portrait, u, v, out, (y * width + x) * 3);
    }
  }
  return { data: out, width, height };
}

/** A frame replayed on a screen and filmed again: moiré, RGB subpixel stripes, a glare patch and softness. */
export function recaptureScreen(frame: RawImage, seed = 1): RawImage {
  const { width, height } = frame;
  const out = new Uint8Array(frame.data.length);
  const glareX = width * (0.3 + 0.4 * ((seed * 0.37) % 1));
  const glareY = height * (0.2 + 0.3 * ((seed * 0.61) % 1));
  const glareR = Math.min(width, height) * 0.35;
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const at = (y * width + x) * 3;
      // Moiré: the camera's grid beating against the screen's, at a slight angle.
      const moire = 10 * Math.sin((x * 0.92 + y * 0.17) * 1.9 + seed) * Math.sin(y * 1.7);
      const glare = Math.max(0, 1 - Math.hypot(x - glareX, y - glareY) / glareR) * 70;
      for (let c = 0; c < 3; c++) {
        // Each pixel column lights one subpixel more than the others.
        const stripe = (x + c) % 3 === 0 ? 14 : -7;
        const blur =
          ((frame.data[at + c] as number) * 2 +
            (frame.data[Math.min(frame.data.length - 3, at + 3) + c] as number) +
            (frame.data[Math.max(0, at - 3) + c] as number)) /
          4;
        out[at + c] = Math.max(0, Math.min(255, Math.round(blur + moire + stripe + glare)));
      }
    }
  }
  return { data: out, width, height };
}
