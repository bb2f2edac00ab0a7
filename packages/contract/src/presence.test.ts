import { describe, expect, it } from 'vitest';
import {
  expectedKeyframes,
  isVirtualCameraLabel,
  PresenceUploadSchema,
  StepsSchema,
} from './presence.js';
import { describeSchema, without } from './schema-cases.test-helper.js';

describe('presence helpers', () => {
  it('expects a frontal frame, one peak per move, and the return', () => {
    expect(expectedKeyframes(['turn_left', 'turn_right'])).toEqual([
      'frontal',
      'peak_1',
      'peak_2',
      'return',
    ]);
    expect(expectedKeyframes(['turn_right'])).toEqual(['frontal', 'peak_1', 'return']);
  });

  it('flags virtual-camera labels, not ordinary webcams', () => {
    for (const label of [
      'OBS Virtual Camera',
      'ManyCam Virtual Webcam',
      'Dummy video device (0x0000)',
      'DroidCam Source 3',
      'Snap Camera',
      'XSplit VCam',
    ])
      expect({ label, flagged: isVirtualCameraLabel(label) }).toEqual({ label, flagged: true });
    for (const label of [
      'FaceTime HD Camera',
      'Integrated Webcam (0bda:58f4)',
      'Logitech BRIO',
      'front camera',
      'HD Pro Webcam C920 (046d:082d)',
      'Jobs camera',
    ])
      expect({ label, flagged: isVirtualCameraLabel(label) }).toEqual({ label, flagged: false });
  });
});

describeSchema(
  'PresenceUploadSchema',
  PresenceUploadSchema,
  {
    nonce: 'n0nce_n0nce_n0nce_n0nce_',
    outcome: 'completed',
    keyframes: [
      { name: 'frontal', atMs: 1200 },
      { name: 'peak_1', atMs: 2400 },
      { name: 'peak_2', atMs: 3900 },
      { name: 'return', atMs: 4700 },
    ],
    signals: {
      cameraLabel: 'FaceTime HD Camera',
      requested: { width: 1280, height: 720, frameRate: 30 },
      settings: { width: 1280, height: 720, frameRate: 30 },
      measuredFps: 29.6,
      frameIntervalJitterMs: 4.1,
      frames: 140,
      webdriver: false,
    },
  },
  [
    { why: 'a malformed nonce', mutate: (v) => ({ ...v, nonce: 'short' }), path: 'nonce' },
    { why: 'no keyframes', mutate: (v) => ({ ...v, keyframes: [] }), path: 'keyframes' },
    {
      why: 'an unknown keyframe',
      mutate: (v) => ({ ...v, keyframes: [{ name: 'peak_9', atMs: 1 }] }),
      path: 'keyframes.0.name',
    },
    { why: 'an unknown outcome', mutate: (v) => ({ ...v, outcome: 'won' }), path: 'outcome' },
    { why: 'a missing outcome', mutate: (v) => without(v, 'outcome'), path: 'outcome' },
  ],
);

describeSchema(
  'StepsSchema',
  StepsSchema,
  {
    match: { status: 'passed', score: 0.91 },
    liveness: { status: 'review', score: null, method: 'active' },
  },
  [
    {
      why: 'an unknown step status',
      mutate: (v) => ({ ...v, match: { status: 'ok', score: null } }),
      path: 'match.status',
    },
    {
      why: 'a score above 1',
      mutate: (v) => ({ ...v, liveness: { status: 'passed', score: 2, method: null } }),
      path: 'liveness.score',
    },
  ],
);
