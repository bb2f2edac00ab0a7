import type { LivenessPolicy } from './presence.js';

/**
 * How much a reverification must prove, as VerifyHQ's tiers name it:
 * `BASIC` the face match alone; `STANDARD` the match and a liveness check
 * (passive or active); `ENHANCED` the match and the active head-turn
 * challenge (and, once a second method exists, a second factor).
 */
export const AssuranceTier = {
  BASIC: 'BASIC',
  STANDARD: 'STANDARD',
  ENHANCED: 'ENHANCED',
} as const;

/** An assurance tier; see {@link AssuranceTier}. */
export type AssuranceTier = (typeof AssuranceTier)[keyof typeof AssuranceTier];

/** The liveness policies each tier accepts, weakest first. */
export const TIER_LIVENESS: Readonly<Record<AssuranceTier, readonly LivenessPolicy[]>> = {
  BASIC: ['off'],
  STANDARD: ['passive', 'active'],
  ENHANCED: ['active'],
};

/** The tier a liveness policy meets: the highest tier that accepts it. */
export function tierOfLiveness(policy: LivenessPolicy): AssuranceTier {
  if (policy === 'active') return 'ENHANCED';
  return policy === 'passive' ? 'STANDARD' : 'BASIC';
}

/**
 * The liveness policy a tier runs: the handler's default when the tier
 * accepts it, else the tier's weakest (`STANDARD` on a handler whose
 * default is `off` runs `passive`).
 */
export function livenessForTier(
  tier: AssuranceTier,
  defaultPolicy: LivenessPolicy,
): LivenessPolicy {
  const accepted = TIER_LIVENESS[tier];
  return accepted.includes(defaultPolicy) ? defaultPolicy : (accepted[0] as LivenessPolicy);
}
