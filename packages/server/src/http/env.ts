import type { ApiKeyScope } from '@reverify/contract';
import type { BatchProcessor } from '../batches/batch-processor.js';
import type { ApiKeys } from '../core/api-keys.js';
import type { Core } from '../core/index.js';
import type { LimiterFactory } from '../core/rate-limiters.js';
import type { HandoffLinks } from '../handoff/handoff-links.js';
import type { Logger } from '../plugin/logger.js';
import type { WebhookDispatcher } from '../webhooks/dispatcher.js';
import type { ProxyTrust } from './client-address.js';

/** Requests allowed per window, for one key or one client address. */
export interface RateLimitRule {
  /** Requests allowed per window. */
  readonly points: number;
  /** Window length in seconds. */
  readonly durationSeconds: number;
}

/** Per-request facts an adapter knows and a `Request` does not carry. */
export interface RequestContext {
  /** The client's address, from the socket (or a trusted proxy header). */
  readonly clientIp?: string | undefined;
}

/** The API key a request was authenticated with (only its hash). */
export interface Credential {
  readonly kind: 'secret' | 'publishable';
  readonly hash: string;
  /** What it may do: `admin` for the secret keys of the handler's options. */
  readonly scopes: readonly ApiKeyScope[];
  /** A scoped key's name, or `null` for the keys of the handler's options. */
  readonly name: string | null;
}

/** The Hono environment of every route: request-scoped variables and the adapter's context. */
export type AppEnv = {
  Variables: { requestId: string; credential: Credential };
  Bindings: RequestContext;
};

/** What the HTTP layer needs; assembled by `createReverifyHandler`. */
export interface AppConfig {
  readonly core: Core;
  readonly dispatcher: WebhookDispatcher;
  readonly handoffs: HandoffLinks;
  readonly batches: BatchProcessor;
  /** The handler's public origin, or `null` to take it from each request. */
  readonly publicOrigin: string | null;
  readonly mode: 'sandbox' | 'production';
  /** SHA-256 of each secret key. */
  readonly secretKeyHashes: ReadonlySet<string>;
  /** SHA-256 of each publishable key (sandbox only). */
  readonly publishableKeyHashes: ReadonlySet<string>;
  /** The scoped keys made with the CLI. */
  readonly apiKeys: ApiKeys;
  readonly allowedOrigins: ReadonlySet<string>;
  readonly rateLimit: { readonly perKey: RateLimitRule; readonly perIp: RateLimitRule } | false;
  /** Where rate limits are counted: in the store when instances share it, else in memory. */
  readonly limiters: LimiterFactory;
  readonly maxUploadBytes: number;
  readonly heartbeatMs: number;
  /** The proxies trusted to name the client, or `null`. */
  readonly trustProxy: ProxyTrust | null;
  /** The SDK's `dist/` folder, served under `/sdk/`, or `null`. */
  readonly sdkDirectory: string | null;
  /** The `@reverify/sdk-assets` folder, served under `/sdk/assets/`, or `null`. */
  readonly assetsDirectory: string | null;
  readonly logger: Logger;
  /** True once `close()` began: readiness answers `not_ready`. */
  readonly closing: () => boolean;
}
