import { describe, expect, it } from 'vitest';
import {
  frameStats,
  histogramMean,
  laplacianVariance,
  lumaHistograms,
  toLuma,
} from './frame-stats.js';

const W = 64;
const H = 48;
const faceBox = { x: 0.25, y: 0.25, width: 0.5, height: 0.5 };

/** An RGBA frame: `inside` grey level in the face box, `outside` elsewhere, optional checkerboard texture in the face. */
function rgba(inside: number, outside: number, texture = 0): Uint8ClampedArray {
  const data = new Uint8ClampedArray(W * H * 4);
  for (let y = 0; y < H; y++) {
    for (let x = 0; x < W; x++) {
      const inFace = x >= 16 && x < 48 && y >= 12 && y < 36;
      const grey = inFace ? inside + ((x + y) % 2 ? texture : -texture) : outside;
      data.set([grey, grey, grey, 255], (y * W + x) * 4);
    }
  }
  return data;
}

describe('frame statistics', () => {
  it('computes luma with Rec. 601 weights', () => {
    expect([
      ...toLuma(
        new Uint8Array([255, 0, 0, 255, 0, 255, 0, 255, 0, 0, 255, 255, 255, 255, 255, 255]),
        4,
        1,
      ),
    ]).toEqual([76, 149, 28, 255]);
  });

  it('separates face and background brightness (backlight)', () => {
    const luma = toLuma(rgba(80, 220), W, H);
    const { insideMean, outsideMean } = lumaHistograms(luma, W, H, faceBox);
    expect(insideMean).toBeCloseTo(84, 0); // the 80 bin's center
    expect(outsideMean).toBeCloseTo(220, 0);
  });

  it('reads a histogram mean from bin centers', () => {
    const histogram = new Uint32Array(32);
    histogram[0] = 1;
    histogram[31] = 1;
    expect(histogramMean(histogram)).toBe(128);
    expect(histogramMean(new Uint32Array(32))).toBe(0);
  });

  it('finds texture sharp and a flat (blurred) face soft', () => {
    const sharp = laplacianVariance(toLuma(rgba(120, 120, 40), W, H), W, H, faceBox);
    const flat = laplacianVariance(toLuma(rgba(120, 120, 0), W, H), W, H, faceBox);
    expect(sharp).toBeGreaterThan(1000);
    expect(flat).toBe(0);
  });

  it('bundles the three measures', () => {
    const stats = frameStats(rgba(100, 50, 20), W, H, faceBox);
    expect(stats.faceLuma).toBeGreaterThan(stats.backgroundLuma);
    expect(stats.sharpness).toBeGreaterThan(0);
  });
});
