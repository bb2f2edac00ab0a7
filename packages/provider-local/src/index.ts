/**
 * @packageDocumentation
 * Reverify's local face-match provider: face matching on your own server
 * with npm packages only. Pass it as the handler's `provider`.
 */
export {
  cosineSimilarity,
  DEFAULT_THRESHOLDS,
  decideMatch,
  type MatchThresholds,
  type UncheckedLiveness,
} from './decision.js';
export type { Analysis, FaceSummary } from './face-analyzer.js';
export { createLocalProvider, type LocalProvider, type LocalProviderOptions } from './provider.js';
