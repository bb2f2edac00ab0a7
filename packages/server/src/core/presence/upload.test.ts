import type { ErrorCode, PresenceUpload } from '@reverify/contract';
import { describe, expect, it } from 'vitest';
import { ReverifyError } from '../../plugin/errors.js';
import { issueChallenge } from './challenge.js';
import { checkPresenceAnswer, type PresenceAnswer } from './upload.js';

const issued = new Date('2026-12-01T10:00:00.000Z');
const { challenge, stored } = issueChallenge(issued, ['turn_left', 'turn_right'], {
  lifetimeSeconds: 180,
  minYawDegrees: 15,
  moveTimeoutMs: 8000,
});
const later = new Date(issued.getTime() + 9000);

const completed: PresenceUpload = {
  nonce: challenge.nonce,
  outcome: 'completed',
  keyframes: [
    { name: 'frontal', atMs: 2000 },
    { name: 'peak_1', atMs: 3500 },
    { name: 'peak_2', atMs: 5600 },
    { name: 'return', atMs: 6800 },
  ],
};
const answer = (upload: PresenceUpload | null, parts = ['peak_1', 'peak_2', 'return']) =>
  ({ upload, keyframeParts: parts }) as PresenceAnswer;

function codeOf(work: () => void): ErrorCode | null {
  try {
    work();
    return null;
  } catch (error) {
    if (error instanceof ReverifyError) return error.code;
    throw error;
  }
}

describe('checkPresenceAnswer', () => {
  it('accepts a completed challenge with every keyframe, in order, in time', () => {
    expect(codeOf(() => checkPresenceAnswer(stored, answer(completed), later))).toBeNull();
  });

  it('accepts a challenge given up after the first turn, and no presence at all', () => {
    const gaveUp: PresenceUpload = {
      ...completed,
      outcome: 'gave_up',
      keyframes: completed.keyframes.slice(0, 2),
    };
    expect(codeOf(() => checkPresenceAnswer(stored, answer(gaveUp, ['peak_1']), later))).toBeNull();
    expect(codeOf(() => checkPresenceAnswer(stored, answer(null, []), later))).toBeNull();
  });

  it('refuses a nonce of another challenge, or one replaced by a newer session', () => {
    const other = issueChallenge(issued, ['turn_left', 'turn_right'], {
      lifetimeSeconds: 180,
      minYawDegrees: 15,
      moveTimeoutMs: 8000,
    });
    expect(codeOf(() => checkPresenceAnswer(other.stored, answer(completed), later))).toBe(
      'challenge_invalid',
    );
    expect(codeOf(() => checkPresenceAnswer(null, answer(completed), later))).toBe(
      'challenge_invalid',
    );
  });

  it('refuses an answer after the challenge expired', () => {
    const late = new Date(issued.getTime() + 181_000);
    expect(codeOf(() => checkPresenceAnswer(stored, answer(completed), late))).toBe(
      'challenge_expired',
    );
  });

  it('refuses missing, extra, reordered or undescribed keyframes', () => {
    const cases: [PresenceUpload, string[]][] = [
      [
        { ...completed, keyframes: completed.keyframes.filter((k) => k.name !== 'peak_2') },
        ['peak_1', 'return'],
      ],
      [
        {
          ...completed,
          keyframes: [
            ...completed.keyframes.slice(0, 3),
            { name: 'peak_3', atMs: 6000 },
            { name: 'return', atMs: 6800 },
          ],
        },
        ['peak_1', 'peak_2', 'peak_3', 'return'],
      ],
      [
        {
          ...completed,
          outcome: 'gave_up',
          keyframes: [
            completed.keyframes[0],
            completed.keyframes[2],
            completed.keyframes[1],
          ] as PresenceUpload['keyframes'],
        },
        ['peak_1', 'peak_2'],
      ],
      [completed, ['peak_1', 'peak_2']],
      [{ ...completed, outcome: 'unavailable' }, ['peak_1', 'peak_2', 'return']],
    ];
    for (const [upload, parts] of cases) {
      expect(codeOf(() => checkPresenceAnswer(stored, answer(upload, parts), later))).toBe(
        'keyframes_invalid',
      );
    }
    expect(codeOf(() => checkPresenceAnswer(stored, answer(null, ['peak_1']), later))).toBe(
      'keyframes_invalid',
    );
  });

  it('refuses timings no head could make: keyframes 40 ms apart, or dated after the upload', () => {
    const rushed: PresenceUpload = {
      ...completed,
      keyframes: completed.keyframes.map((k, i) => ({ ...k, atMs: 2000 + i * 40 })),
    };
    expect(codeOf(() => checkPresenceAnswer(stored, answer(rushed), later))).toBe(
      'keyframes_invalid',
    );
    const early = new Date(issued.getTime() + 3000);
    expect(codeOf(() => checkPresenceAnswer(stored, answer(completed), early))).toBe(
      'keyframes_invalid',
    );
  });
});
