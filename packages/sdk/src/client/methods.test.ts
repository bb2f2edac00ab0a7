import type { MethodsSession } from '@reverify/contract';
import { describe, expect, it } from 'vitest';
import { parseFactorList } from '../components/reverify-factors/reverify-factors.component.js';
import { needsMethodChoice, offeredMethods } from './methods.js';

const session = (open: MethodsSession['open'], sms: string | null = null): MethodsSession => ({
  policy: 'passkey or selfie or sms_code',
  done: [],
  open,
  unavailable: [],
  destinations: { sms_code: sms, email_code: null },
});

describe('offeredMethods', () => {
  it('keeps the handler order and drops a passkey where the browser has no WebAuthn', () => {
    expect(offeredMethods(session(['passkey', 'selfie']), true)).toEqual(['passkey', 'selfie']);
    expect(offeredMethods(session(['passkey', 'selfie']), false)).toEqual(['selfie']);
    expect(offeredMethods(session(['passkey']), false)).toEqual([]);
  });

  it('offers a code method only with a destination', () => {
    expect(offeredMethods(session(['selfie', 'sms_code'], '+55•••••5678'), true)).toEqual([
      'selfie',
      'sms_code',
    ]);
    expect(offeredMethods(session(['selfie', 'sms_code']), true)).toEqual(['selfie']);
    expect(offeredMethods(session(['totp']), true)).toEqual(['totp']);
  });
});

describe('needsMethodChoice', () => {
  it('goes straight to the camera only when the selfie is all there is', () => {
    expect(needsMethodChoice(['selfie'])).toBe(false);
    expect(needsMethodChoice(['passkey', 'selfie'])).toBe(true);
    expect(needsMethodChoice(['passkey'])).toBe(true);
    expect(needsMethodChoice([])).toBe(true);
  });
});

describe('parseFactorList', () => {
  it('reads the offer-factors attribute and ignores unknown words', () => {
    expect(parseFactorList('passkey totp')).toEqual(['passkey', 'totp']);
    expect(parseFactorList('totp, sms')).toEqual(['totp']);
    expect(parseFactorList('')).toEqual([]);
    expect(parseFactorList(null)).toEqual([]);
  });
});
