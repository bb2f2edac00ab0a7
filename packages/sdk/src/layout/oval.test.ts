import { describe, expect, it } from 'vitest';
import { ovalGeometry } from './oval.js';

const middle = { x: 0.5, y: 0.5 };

describe('ovalGeometry', () => {
  it('fits a portrait phone view: bounded by the visible width', () => {
    // 640×480 shown in a 3:4 portrait box: only 360 px of the width is visible.
    const oval = ovalGeometry(640, 480, 3 / 4, middle);
    expect(oval.cx).toBe(320);
    expect(oval.cy).toBe(240);
    expect(oval.rx).toBeCloseTo(0.36 * 360);
    expect(oval.ry).toBeCloseTo(oval.rx * 1.3);
    expect(2 * oval.ry).toBeLessThanOrEqual(480 * 0.8 + 1e-9);
  });

  it('fits a landscape view of the whole frame: bounded by the height', () => {
    const oval = ovalGeometry(640, 480, 4 / 3, middle);
    expect(oval.ry).toBeCloseTo(480 * 0.4);
    expect(oval.rx).toBeCloseTo((480 * 0.4) / 1.3);
  });

  it('sizes to the visible middle when a wide box crops the frame top and bottom', () => {
    // 640×480 in a 16:9 box: only 360 px of the height is visible.
    const oval = ovalGeometry(640, 480, 16 / 9, middle);
    expect(oval.ry).toBeCloseTo(360 * 0.4);
  });

  it('draws the ellipse from its top, clockwise, closing where it started', () => {
    const { path, cx, cy, ry } = ovalGeometry(640, 480, 1, { x: 0.5, y: 0.45 });
    expect(path.startsWith(`M ${cx} ${cy - ry} a `)).toBe(true);
    expect(path).toContain(` 0 1 1 0 ${2 * ry} `);
    expect(path.endsWith(` 0 1 1 0 ${-2 * ry}`)).toBe(true);
  });
});
