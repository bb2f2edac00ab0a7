import type { Box, FrameStats } from './types.js';

/** Luma (Rec. 601, integer approximation) of an RGBA pixel buffer, one byte per pixel. */
export function toLuma(
  rgba: Uint8ClampedArray | Uint8Array,
  width: number,
  height: number,
): Uint8Array {
  const luma = new Uint8Array(width * height);
  for (let i = 0, p = 0; i < luma.length; i++, p += 4) {
    luma[i] =
      ((rgba[p] as number) * 77 + (rgba[p + 1] as number) * 150 + (rgba[p + 2] as number) * 29) >>
      8;
  }
  return luma;
}

/** The pixel rectangle of a normalized box, clamped to the frame. */
export function pixelRect(box: Box, width: number, height: number) {
  const x0 = Math.max(0, Math.floor(box.x * width));
  const y0 = Math.max(0, Math.floor(box.y * height));
  const x1 = Math.min(width, Math.ceil((box.x + box.width) * width));
  const y1 = Math.min(height, Math.ceil((box.y + box.height) * height));
  return { x0, y0, x1, y1 };
}

const BINS = 32;

/**
 * A 32-bin luma histogram of the face box and one of the rest of the frame,
 * and their means, read from the histograms.
 */
export function lumaHistograms(luma: Uint8Array, width: number, height: number, face: Box) {
  const inside = new Uint32Array(BINS);
  const outside = new Uint32Array(BINS);
  const { x0, y0, x1, y1 } = pixelRect(face, width, height);
  for (let y = 0; y < height; y++) {
    const row = y * width;
    const inRow = y >= y0 && y < y1;
    for (let x = 0; x < width; x++) {
      const bin = (luma[row + x] as number) >> 3;
      if (inRow && x >= x0 && x < x1) inside[bin] = (inside[bin] as number) + 1;
      else outside[bin] = (outside[bin] as number) + 1;
    }
  }
  return {
    inside,
    outside,
    insideMean: histogramMean(inside),
    outsideMean: histogramMean(outside),
  };
}

/** Mean value (0–255) of a 32-bin histogram, using bin centers; 0 when empty. */
export function histogramMean(histogram: Uint32Array): number {
  let count = 0;
  let sum = 0;
  for (let bin = 0; bin < histogram.length; bin++) {
    const n = histogram[bin] as number;
    count += n;
    sum += n * (bin * 8 + 4);
  }
  return count === 0 ? 0 : sum / count;
}

/**
 * Variance of the 4-neighbour Laplacian over the face box: a standard focus
 * measure. Blur and motion smear lower it.
 */
export function laplacianVariance(
  luma: Uint8Array,
  width: number,
  height: number,
  face: Box,
): number {
  const { x0, y0, x1, y1 } = pixelRect(face, width, height);
  let n = 0;
  let sum = 0;
  let sumSq = 0;
  for (let y = Math.max(1, y0); y < Math.min(height - 1, y1); y++) {
    for (let x = Math.max(1, x0); x < Math.min(width - 1, x1); x++) {
      const i = y * width + x;
      const value =
        (luma[i - 1] as number) +
        (luma[i + 1] as number) +
        (luma[i - width] as number) +
        (luma[i + width] as number) -
        4 * (luma[i] as number);
      n += 1;
      sum += value;
      sumSq += value * value;
    }
  }
  if (n === 0) return 0;
  const mean = sum / n;
  return sumSq / n - mean * mean;
}

/** All frame statistics the checks need, for the face `box` of an RGBA frame. */
export function frameStats(
  rgba: Uint8ClampedArray | Uint8Array,
  width: number,
  height: number,
  box: Box,
): FrameStats {
  const luma = toLuma(rgba, width, height);
  const { insideMean, outsideMean } = lumaHistograms(luma, width, height, box);
  return {
    faceLuma: insideMean,
    backgroundLuma: outsideMean,
    sharpness: laplacianVariance(luma, width, height, box),
  };
}
