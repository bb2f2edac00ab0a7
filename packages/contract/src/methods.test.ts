import { describe, expect, it } from 'vitest';
import {
  formatMethodPolicy,
  isPolicySatisfied,
  MethodPolicyError,
  MethodPolicyExpressionSchema,
  methodsMissingBefore,
  methodsOpen,
  parseMethodPolicy,
} from './methods.js';

describe('parseMethodPolicy', () => {
  it.each([
    ['selfie', [['selfie']]],
    ['passkey or selfie', [['passkey'], ['selfie']]],
    ['selfie and passkey', [['selfie', 'passkey']]],
    ['passkey or selfie and totp', [['passkey'], ['selfie', 'totp']]],
    ['  Passkey  OR  sms_code ', [['passkey'], ['sms_code']]],
  ])('reads %j', (expression, policy) => {
    expect(parseMethodPolicy(expression)).toEqual(policy);
    expect(parseMethodPolicy(formatMethodPolicy(parseMethodPolicy(expression)))).toEqual(policy);
  });

  it.each([
    ['face', /not a method/],
    ['selfie and selfie', /twice in one/],
    ['passkey or passkey', /appears twice/],
    ['selfie and totp or totp and selfie', /appears twice/],
    ['selfie and passkey and totp and sms_code', /At most 3/],
    ['selfie or passkey or totp or sms_code or email_code', /At most 4/],
    ['selfie or', /not a method/],
  ])('refuses %j', (expression, message) => {
    expect(() => parseMethodPolicy(expression)).toThrow(MethodPolicyError);
    expect(() => parseMethodPolicy(expression)).toThrow(message);
    expect(MethodPolicyExpressionSchema.safeParse(expression).success).toBe(false);
  });
});

describe('policy state', () => {
  const stepUp = parseMethodPolicy('selfie and passkey');
  const either = parseMethodPolicy('selfie or passkey');

  it('offers the selfie of a step-up only after the rest of its group', () => {
    expect(methodsOpen(stepUp, [])).toEqual(['passkey']);
    expect(methodsOpen(stepUp, ['passkey'])).toEqual(['selfie']);
    expect(methodsMissingBefore(stepUp, [], 'selfie')).toEqual(['passkey']);
    expect(methodsMissingBefore(stepUp, ['passkey'], 'selfie')).toEqual([]);
  });

  it('offers every alternative, passkey first', () => {
    expect(methodsOpen(either, [])).toEqual(['passkey', 'selfie']);
    expect(methodsOpen(parseMethodPolicy('email_code or totp or selfie'), [])).toEqual([
      'selfie',
      'totp',
      'email_code',
    ]);
  });

  it('is satisfied by one whole group only', () => {
    expect(isPolicySatisfied(stepUp, ['passkey'])).toBe(false);
    expect(isPolicySatisfied(stepUp, ['passkey', 'selfie'])).toBe(true);
    expect(isPolicySatisfied(either, ['passkey'])).toBe(true);
  });
});
