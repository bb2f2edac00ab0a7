import { describe, expect, it } from 'vitest';
import { classifyUnanswered } from './http.js';

describe('a request that got no answer', () => {
  it('is offline when the browser says so, whatever else is true', () => {
    for (const crossOrigin of [true, false])
      for (const probeAnswered of [true, false])
        expect(classifyUnanswered({ online: false, crossOrigin, probeAnswered })).toBe('offline');
  });

  it('is a refused origin when a cross-origin handler answers the no-cors probe', () => {
    expect(classifyUnanswered({ online: true, crossOrigin: true, probeAnswered: true })).toBe(
      'origin_not_allowed',
    );
  });

  it('is an unreachable handler when the probe fails too, or the handler is same-origin', () => {
    expect(classifyUnanswered({ online: true, crossOrigin: true, probeAnswered: false })).toBe(
      'network_error',
    );
    expect(classifyUnanswered({ online: true, crossOrigin: false, probeAnswered: true })).toBe(
      'network_error',
    );
  });
});
