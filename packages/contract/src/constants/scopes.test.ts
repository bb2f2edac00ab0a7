import { describe, expect, it } from 'vitest';
import { scopeAllows } from './scopes.js';

describe('scopeAllows', () => {
  it('opens a route to a key with one of its scopes, and every route to admin', () => {
    expect(scopeAllows(['reviews'], ['reviews'])).toBe(true);
    expect(scopeAllows(['reviews', 'history:read'], ['reverifications', 'history:read'])).toBe(
      true,
    );
    expect(scopeAllows(['admin'], ['batches'])).toBe(true);
  });

  it('keeps a reviewer key out of batches (SheerID gates them behind BULK_VERIFIER)', () => {
    expect(scopeAllows(['reviews'], ['batches'])).toBe(false);
    expect(scopeAllows([], ['reviews'])).toBe(false);
  });
});
