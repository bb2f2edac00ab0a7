/**
 * @packageDocumentation
 * The Reverify backend handler: a web-standard `fetch` handler that owns the
 * reverification lifecycle, validates uploads, talks to a face-match
 * provider and relays decisions over Server-Sent Events. Adapters for Node
 * `http`, Express and Hono are the subpaths `@reverify/server/node`,
 * `/express` and `/hono`.
 */
export { ApiKeys, type IssuedApiKey, SCOPED_KEY_PREFIX } from './core/api-keys.js';
export type { RetentionOptions } from './core/index.js';
export {
  createReverifyHandler,
  type ReverifyHandler,
  type ReverifyHandlerOptions,
  resolveAssetsDirectory,
  resolveSdkDirectory,
} from './handler.js';
export type { RateLimitRule, RequestContext } from './http/app.js';
export { CONTENT_SECURITY_POLICY } from './http/content-security-policy.js';
export { type StaticOptions, serveStatic } from './http/static-files.js';
export { DEFAULT_IMAGE_LIMITS, type ImageLimits, sanitizeImage } from './image/sanitize-image.js';
export { createDevInbox, type DevInbox, type InboxMessage } from './notify/dev-inbox.js';
export { ReverifyConfigError, ReverifyError } from './plugin/errors.js';
export { createJsonLogger, type Logger, silentLogger } from './plugin/logger.js';
export {
  DEFAULT_POLL_SCHEDULE_MS,
  MatchTracker,
} from './plugin/match-tracker.js';
export {
  type CodeMessage,
  type HandoffMessage,
  handoffMessageText,
  maskRecipient,
  type Notifier,
  type NotifierMessage,
} from './plugin/notifier.js';
export type {
  EnrollOutcome,
  EnrollRequest,
  FaceMatchProvider,
  InFlightMatch,
  MatchOutcome,
  MatchRequest,
  OpenMatchRequest,
  ProviderContext,
  ProviderWebhook,
  TemplateStore,
} from './plugin/provider.js';
export {
  ProviderHttpError,
  type ProviderHttpOptions,
  type ProviderRequest,
  providerBody,
  providerFetch,
} from './plugin/provider-http.js';
export {
  createSandboxProvider,
  SANDBOX_REFERENCE_IDS,
  type SandboxProviderOptions,
  withSandboxOutcomes,
} from './providers/sandbox-provider.js';
export {
  createTruoraProvider,
  TRUORA_DEFAULT_BASE_URL,
  type TruoraProviderOptions,
} from './providers/truora/truora-provider.js';
export {
  createVecuProvider,
  type VecuPaths,
  type VecuProviderOptions,
  vecuOptionsFromEnv,
} from './providers/vecu/vecu-provider.js';
export type { HmacSignatureScheme } from './providers/vecu/vecu-signature.js';
export { createMemoryStore } from './store/memory/memory-store.js';
export {
  createPostgresStore,
  type PostgresStoreOptions,
} from './store/postgres/postgres-store.js';
export { createSqliteStore, type SqliteStoreOptions } from './store/sqlite/sqlite-store.js';
export type * from './store/store.js';
export { newWebhookSecret, type WebhookEndpointConfig } from './webhooks/endpoints.js';
export { DEFAULT_RETRY_SCHEDULE, EXTENDED_RETRY_SCHEDULE } from './webhooks/schedule.js';
export {
  type ReceivedWebhook,
  verifyWebhook,
  WebhookVerificationError,
} from './webhooks/verify.js';
