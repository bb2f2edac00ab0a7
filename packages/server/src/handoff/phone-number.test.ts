import { describe, expect, it } from 'vitest';
import { normalizePhoneNumber } from './phone-number.js';

describe('normalizePhoneNumber', () => {
  it.each([
    // The VECU seed's example, as a person writes it.
    ['+1-555-123-4567', '+15551234567'],
    ['+1 (415) 555-0100', '+14155550100'],
    ['+55 11 91234-5678', '+5511912345678'],
    ['+5511912345678', '+5511912345678'],
  ])('reads %s as %s', (raw, e164) => {
    expect(normalizePhoneNumber(raw).e164).toBe(e164);
  });

  it.each([
    ['555-123-4567', {}, 'unparsable'],
    ['not a number', {}, 'unparsable'],
    ['+1-555', {}, 'impossible'],
    ['+1 900 555 0100', {}, 'premium'],
    ['+44 20 7946 0958', { countries: ['BR', 'US'] }, 'country'],
    ['+1-555-123-4567', { countries: ['US'] }, 'country'],
  ])('refuses %s (%o) as %s', (raw, options, reason) => {
    expect(() => normalizePhoneNumber(raw, options)).toThrowError(
      expect.objectContaining({
        code: 'invalid_request',
        details: { field: 'phoneNumber', reason },
      }),
    );
  });
});
