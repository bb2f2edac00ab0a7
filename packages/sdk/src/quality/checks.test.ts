import { describe, expect, it } from 'vitest';
import { evaluateFrame, movement } from './checks.js';
import { DEFAULT_QUALITY_CONFIG as config, stillPhotoConfig } from './config.js';
import { face, frame } from './test-faces.test-helper.js';

const steady = Array.from({ length: 10 }, () => ({ x: 0.5, y: 0.45 }));

describe('evaluateFrame', () => {
  it('passes a centered, frontal, well-lit, sharp, steady face', () => {
    const result = evaluateFrame(frame([face()]), steady, config);
    expect(result.guidance).toBe('ready');
    expect(result.failing).toEqual([]);
    expect(result.telemetry).toMatchObject({
      faceCount: 1,
      faceSize: 0.35,
      brightness: 130,
      backlight: 10,
      sharpness: 80,
    });
    expect(Math.abs(result.telemetry.yaw)).toBeLessThan(1);
    expect(Math.abs(result.telemetry.roll)).toBeLessThan(1);
    expect(result.telemetry.stability).toBe(0);
  });

  it.each([
    ['no face', frame([]), 'no_face'],
    ['two faces', frame([face({ cx: 0.3 }), face({ cx: 0.7 })]), 'multiple_faces'],
    ['a small face', frame([face({ size: 0.15 })]), 'move_closer'],
    ['a huge face', frame([face({ size: 0.75 })]), 'move_back'],
    ['an off-center face', frame([face({ cx: 0.7 })]), 'center_face'],
    ['a turned head', frame([face({ turn: 0.6 })]), 'look_straight'],
    ['a tilted head', frame([face({ tilt: 0.15 })]), 'straighten_head'],
    ['a dark face', frame([face()], { faceLuma: 40, backgroundLuma: 40 }), 'too_dark'],
    ['a glaring face', frame([face()], { faceLuma: 240, backgroundLuma: 240 }), 'too_bright'],
    ['a backlit face', frame([face()], { faceLuma: 90, backgroundLuma: 200 }), 'backlit'],
    ['a blurred face', frame([face()], { sharpness: 3 }), 'blurry'],
  ])('asks to fix %s', (_name, observation, expected) => {
    expect(evaluateFrame(observation, steady, config).guidance).toBe(expected);
  });

  it('ignores low-confidence detections', () => {
    const result = evaluateFrame(frame([face(), face({ cx: 0.8, score: 0.3 })]), steady, config);
    expect(result.guidance).toBe('ready');
    expect(result.telemetry.faceCount).toBe(1);
  });

  it('asks to hold still while the face moves or the window is not yet full', () => {
    const moving = steady.map((p, i) => ({ ...p, x: p.x + (i % 2) * 0.05 }));
    expect(evaluateFrame(frame([face()]), moving, config).guidance).toBe('hold_still');
    expect(evaluateFrame(frame([face()]), steady.slice(0, 2), config).guidance).toBe('hold_still');
  });

  it('lists every failing check in priority order', () => {
    const result = evaluateFrame(
      frame([face({ size: 0.15, cx: 0.75 })], { faceLuma: 30, backgroundLuma: 30 }),
      steady,
      config,
    );
    expect(result.failing).toEqual(['move_closer', 'center_face', 'too_dark', 'hold_still']);
  });

  it('produces telemetry the contract accepts, even for extreme input', () => {
    const wild = evaluateFrame(
      frame([face({ size: 3, cx: 5, turn: 9 })], { sharpness: 1e9 }),
      [],
      config,
    );
    expect(wild.telemetry.faceSize).toBe(1);
    expect(wild.telemetry.offsetX).toBe(1);
    expect(wild.telemetry.sharpness).toBe(1e6);
    expect(wild.telemetry.stability).toBe(2);
  });
});

describe('movement', () => {
  it('is the largest distance to a recent center', () => {
    expect(
      movement(
        { x: 0.5, y: 0.5 },
        [
          { x: 0.5, y: 0.5 },
          { x: 0.53, y: 0.54 },
        ],
        3,
      ),
    ).toBeCloseTo(0.05, 6);
    expect(movement({ x: 0.5, y: 0.5 }, [{ x: 0.5, y: 0.5 }], 3)).toBe(Number.POSITIVE_INFINITY);
  });
});

describe('a still photo from the camera app', () => {
  const still = stillPhotoConfig(config);

  it('passes a small or off-centre face that a live oval would refuse, without motion to measure', () => {
    expect(evaluateFrame(frame([face({ size: 0.15, cx: 0.7 })]), [], still).guidance).toBe('ready');
  });

  it('keeps the checks a photo can fail: one face, light, sharpness, pose', () => {
    expect(evaluateFrame(frame([]), [], still).guidance).toBe('no_face');
    expect(evaluateFrame(frame([face({ cx: 0.3 }), face({ cx: 0.7 })]), [], still).guidance).toBe(
      'multiple_faces',
    );
    expect(evaluateFrame(frame([face({ size: 0.06 })]), [], still).guidance).toBe('move_closer');
    expect(
      evaluateFrame(frame([face()], { faceLuma: 40, backgroundLuma: 40 }), [], still).guidance,
    ).toBe('too_dark');
    expect(evaluateFrame(frame([face()], { sharpness: 3 }), [], still).guidance).toBe('blurry');
    expect(evaluateFrame(frame([face({ turn: 0.6 })]), [], still).guidance).toBe('look_straight');
  });
});
