import type { ReasonCode } from '@reverify/contract';

/**
 * Maps a provider reason through `map`; an unknown reason becomes `fallback`
 * so that a provider's new vocabulary never breaks a decision.
 */
export function mapProviderReason(
  map: Readonly<Record<string, ReasonCode>>,
  providerReason: string,
  fallback: ReasonCode,
): ReasonCode {
  return Object.hasOwn(map, providerReason) ? (map[providerReason] as ReasonCode) : fallback;
}
