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
} from './decision.js';
export type { Analysis, FaceSummary, HeadPose } from './face-analyzer.js';
export {
  DEFAULT_PRESENCE_THRESHOLDS,
  judgePresence,
  type PresenceThresholds,
} from './presence/judge.js';
export { createLocalProvider, type LocalProvider, type LocalProviderOptions } from './provider.js';
