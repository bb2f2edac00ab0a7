import { describe, expect, it } from 'vitest';
import { TRUORA_ACCOUNT_ID_PATTERN, truoraAccountId } from './truora-account.js';

describe('truoraAccountId', () => {
  it('keeps a referenceId Truora accepts as it is', () => {
    expect(truoraAccountId('alice_01.x-y')).toBe('alice_01.x-y');
  });

  it.each(['user@x.com', 'cust:42', 'a b', 'ñandú', 'rvh.alice'])(
    'maps %s to a valid, stable, distinct account id',
    (referenceId) => {
      const mapped = truoraAccountId(referenceId);
      expect(mapped).toMatch(TRUORA_ACCOUNT_ID_PATTERN);
      expect(mapped).not.toBe(referenceId);
      expect(truoraAccountId(referenceId)).toBe(mapped);
    },
  );

  it('never maps two referenceIds to one account, even one that looks like a mapped id', () => {
    const mapped = truoraAccountId('user@x.com');
    expect(truoraAccountId(mapped)).not.toBe(mapped);
    expect(truoraAccountId('user@x.org')).not.toBe(mapped);
  });
});
