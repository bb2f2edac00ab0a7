import { describe, expect, it } from 'vitest';
import { en } from '../translations/en.js';
import { manualCapture, rejectionCause, resultView } from './result-view.js';

describe('the result screen', () => {
  it('never shows a rejection or a review as a success', () => {
    expect(resultView('approved', ['selfie_match'], en, true).tone).toBe('approved');
    expect(resultView('rejected', ['selfie_no_match'], en, true).tone).toBe('rejected');
    expect(resultView('rejected', ['multiple_faces'], en, true).tone).toBe('rejected');
    expect(resultView('manual_review', ['selfie_unclear'], en, true).tone).toBe('review');
  });

  it('gives a rejection its cause and a next step that fits what the element can do', () => {
    const retry = resultView('rejected', ['multiple_faces'], en, true);
    expect(retry.lines).toEqual([en.result.rejected.multiple_faces, en.result.rejectedRetry]);
    expect(retry.retry).toBe(true);
    const contact = resultView('rejected', ['selfie_no_match'], en, false);
    expect(contact.lines).toEqual([en.result.rejected.no_match, en.result.rejectedContact]);
    expect(contact.retry).toBe(false);
  });

  it('offers no retry for an approval or a review', () => {
    expect(resultView('approved', [], en, true).retry).toBe(false);
    expect(resultView('manual_review', [], en, true).retry).toBe(false);
  });

  it.each([
    [['review_rejected', 'selfie_no_match'], 'reviewer'],
    [['multiple_faces'], 'multiple_faces'],
    [['no_face'], 'unclear'],
    [['image_quality'], 'unclear'],
    [['selfie_match', 'liveness_failed'], 'liveness'],
    [['face_changed'], 'liveness'],
    [['selfie_no_match', 'liveness_passed'], 'no_match'],
    [[], 'no_match'],
  ] as const)('names %j as %s', (reasons, cause) => {
    expect(rejectionCause(reasons)).toBe(cause);
  });
});

describe('the manual capture', () => {
  it('refuses a frame without exactly one face', () => {
    expect(manualCapture('no_face')).toBe('refuse');
    expect(manualCapture('multiple_faces')).toBe('refuse');
    expect(manualCapture(null)).toBe('refuse');
  });

  it('warns first when a check fails, takes a passing frame at once', () => {
    for (const code of ['too_dark', 'blurry', 'backlit', 'move_closer', 'look_straight'] as const)
      expect(manualCapture(code), code).toBe('confirm');
    expect(manualCapture('ready')).toBe('take');
    expect(manualCapture('hold_still')).toBe('take');
  });
});
