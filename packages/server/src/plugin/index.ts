/**
 * @packageDocumentation
 * The plugin kit (`@reverify/server/provider`): everything a face-match
 * provider or a notifier needs — the interfaces, the typed errors, the
 * provider HTTP helpers and the match tracker — and nothing of the handler
 * itself: it loads no store, no SQLite and no image codec, so a plugin that
 * imports it stays light, and the handler can depend on plugins.
 */
export { ReverifyConfigError, ReverifyError } from './errors.js';
export { createJsonLogger, type Logger, silentLogger } from './logger.js';
export { DEFAULT_POLL_SCHEDULE_MS, MatchTracker } from './match-tracker.js';
export {
  type CodeMessage,
  type HandoffMessage,
  handoffMessageText,
  maskRecipient,
  type Notifier,
  type NotifierMessage,
} from './notifier.js';
export {
  isPresenceVerifier,
  type PresenceKeyframe,
  type PresenceRequest,
  type PresenceVerdict,
  type PresenceVerifier,
  type StoredClip,
} from './presence.js';
export type {
  EnrolledPerson,
  EnrollOutcome,
  EnrollRequest,
  FaceMatchProvider,
  InFlightMatch,
  LostMatchCandidate,
  MatchOutcome,
  MatchRequest,
  OpenMatchRequest,
  ProviderContext,
  ProviderWebhook,
  StoredImage,
  TemplateStore,
} from './provider.js';
export {
  clipBody,
  imageBody,
  type MediaBody,
  ProviderHttpError,
  type ProviderHttpOptions,
  type ProviderRequest,
  providerBody,
  providerFetch,
} from './provider-http.js';
export { newSecret } from './random.js';
export { mapProviderReason } from './reasons.js';
