import { describe, expect, it } from 'vitest';
import { livenessForTier, TIER_LIVENESS, tierOfLiveness } from './assurance.js';

describe('assurance tiers', () => {
  it("maps VerifyHQ's tiers to what each requires", () => {
    // BASIC: match only; STANDARD: match + liveness; ENHANCED: match + the active challenge.
    expect(livenessForTier('BASIC', 'active')).toBe('off');
    expect(livenessForTier('STANDARD', 'active')).toBe('active');
    expect(livenessForTier('STANDARD', 'passive')).toBe('passive');
    expect(livenessForTier('STANDARD', 'off')).toBe('passive');
    expect(livenessForTier('ENHANCED', 'off')).toBe('active');
    expect(livenessForTier('ENHANCED', 'passive')).toBe('active');
  });

  it('names the tier a liveness policy meets, and every tier accepts its own policy', () => {
    expect(tierOfLiveness('off')).toBe('BASIC');
    expect(tierOfLiveness('passive')).toBe('STANDARD');
    expect(tierOfLiveness('active')).toBe('ENHANCED');
    for (const [tier, policies] of Object.entries(TIER_LIVENESS)) {
      for (const policy of policies) {
        expect(TIER_LIVENESS[tierOfLiveness(policy)]).toContain(policy);
        expect(TIER_LIVENESS[tier as keyof typeof TIER_LIVENESS]).toContain(
          livenessForTier(tier as keyof typeof TIER_LIVENESS, policy),
        );
      }
    }
  });
});
