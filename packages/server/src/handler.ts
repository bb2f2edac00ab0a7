import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { BatchProcessor } from './batches/batch-processor.js';
import { hashSecret } from './core/ids.js';
import { createCore, type RetentionOptions } from './core/index.js';
import { HandoffLinks } from './handoff/handoff-links.js';
import { createApp, type RateLimitRule, type RequestContext } from './http/app.js';
import { compileTrustProxy, type TrustProxy } from './http/client-address.js';
import { DEFAULT_IMAGE_LIMITS, type ImageLimits } from './image/sanitize-image.js';
import { createDevInbox } from './notify/dev-inbox.js';
import { ReverifyConfigError } from './plugin/errors.js';
import { type Logger, silentLogger } from './plugin/logger.js';
import type { Notifier } from './plugin/notifier.js';
import type { FaceMatchProvider } from './plugin/provider.js';
import { createSandboxProvider } from './providers/sandbox-provider.js';
import { createSqliteStore } from './store/sqlite/sqlite-store.js';
import type { ReverifyStore } from './store/store.js';
import { WebhookDispatcher } from './webhooks/dispatcher.js';
import { resolveEndpoints, type WebhookEndpointConfig } from './webhooks/endpoints.js';
import { DEFAULT_RETRY_SCHEDULE } from './webhooks/schedule.js';

/** Options of {@link createReverifyHandler}. */
export interface ReverifyHandlerOptions {
  /**
   * `sandbox` accepts `sk_test_`/`pk_test_` keys, publishable keys and
   * forced outcomes; `production` accepts only `sk_live_` secret keys and a
   * production provider. There is no default: pick one on purpose.
   */
  readonly mode: 'sandbox' | 'production';
  /**
   * Secret API keys for your server (`Authorization: Bearer sk_…`), either
   * plain or as `sha256:<hex>` so the plain key never sits in your config.
   * Only their SHA-256 is kept in memory.
   */
  readonly secretKeys: readonly string[];
  /** Sandbox only: publishable keys (`pk_test_…`) a browser may use to start a session. */
  readonly publishableKeys?: readonly string[];
  /** The face-match provider. Default: the sandbox provider (sandbox mode only). */
  readonly provider?: FaceMatchProvider;
  /**
   * Where state is kept. Default: an embedded SQLite file at `sqlitePath`.
   * A store you pass is not closed by {@link ReverifyHandler.close}.
   */
  readonly store?: ReverifyStore;
  /** The SQLite file of the default store. Default `.reverify/reverify.db` in the working directory. */
  readonly sqlitePath?: string;
  /**
   * Exact origins (`https://app.example.com`) whose pages may call the
   * handler. Browser-token requests from any other origin are refused.
   */
  readonly allowedOrigins?: readonly string[];
  /** Lifetime of the browser tokens in seconds, at most 900. Default 600. */
  readonly tokenTtlSeconds?: number;
  /**
   * How long captures are kept. Default: 24 hours after the reverification
   * ends, or up to 7 days while it waits in manual review.
   */
  readonly retention?: Partial<RetentionOptions>;
  /** Upload limits. Default: 10 MB, 25 MP, a shorter side of at least 128 px, stored at most 2048 px on the long edge, JPEG quality 90. */
  readonly imageLimits?: Partial<ImageLimits>;
  /**
   * Per-key and per-address rate limits, or `false` to disable. Default:
   * 300 requests a minute per key or token, 600 a minute per address.
   */
  readonly rateLimit?: { readonly perKey?: RateLimitRule; readonly perIp?: RateLimitRule } | false;
  /**
   * Which proxies may name the client in `X-Forwarded-For` (for rate limits
   * and links): `false` (default) none; `true` the one proxy right in front;
   * a number of hops; or a list of proxy addresses and CIDR ranges (and
   * `loopback`, `linklocal`, `uniquelocal`). The client is the right-most
   * address that is not a trusted proxy, so a client cannot pick its own
   * address by writing the header.
   */
  readonly trustProxy?: TrustProxy;
  /** Milliseconds a provider call may take before `provider_timeout`. Default 15000. */
  readonly providerTimeoutMs?: number;
  /** Milliseconds between SSE heartbeats. Default 15000. */
  readonly heartbeatMs?: number;
  /** Milliseconds between expiry and retention sweeps; 0 disables the timer. Default 5000. */
  readonly sweepIntervalMs?: number;
  /**
   * The `@reverify/sdk` `dist/` folder to serve under `/sdk/` (script-tag
   * build, ESM build, the handoff page, with brotli), so pages load
   * everything from their own origin. See `resolveSdkDirectory()`.
   * Default: not served.
   */
  readonly sdkDirectory?: string;
  /**
   * The folder of `@reverify/sdk-assets` (MediaPipe's JS and wasm, the face
   * model; content-hashed, served immutable) to serve under `/sdk/assets/`,
   * where the SDK looks by default. Default: the installed
   * `@reverify/sdk-assets` when `sdkDirectory` is set (see
   * `resolveAssetsDirectory()`), else not served.
   */
  readonly assetsDirectory?: string;
  /**
   * Signed outbound webhooks (Standard Webhooks), delivered from a
   * transactional outbox: every state change writes its events in the same
   * transaction, so none is ever lost.
   */
  readonly webhooks?: {
    /** Where to send them; each event goes to every endpoint. */
    readonly endpoints: readonly WebhookEndpointConfig[];
    /**
     * Seconds between attempts (its length = retries). Default
     * `DEFAULT_RETRY_SCHEDULE` (3 retries); `EXTENDED_RETRY_SCHEDULE` spans a day.
     */
    readonly retrySchedule?: readonly number[];
    /** Milliseconds one attempt may take. Default 10000. */
    readonly attemptTimeoutMs?: number;
    /** Deliveries in flight at once. Default 8. */
    readonly concurrency?: number;
    /** Milliseconds between outbox polls (commits also wake it). Default 1000. */
    readonly pollIntervalMs?: number;
    /**
     * Production only: allow endpoints on loopback, link-local, private or
     * other non-public addresses, and URLs with credentials. Default false:
     * such endpoints are refused at setup, and every attempt connects only
     * to public addresses (checked after DNS, so DNS rebinding cannot
     * reach the internal network). Sandbox mode always allows them.
     */
    readonly allowPrivateNetworks?: boolean;
  };
  /**
   * New reverifications one referenceId may start per window, against brute
   * force (creates, restarts and batch invitations count; getting the active
   * one back does not). Past it: `429 too_many_attempts` with `Retry-After`.
   * Default 10 per 3600 s.
   */
  readonly attempts?: { readonly max?: number; readonly windowSeconds?: number };
  /** Cross-device handoff: one-time links (and QR codes) that continue on a phone. */
  readonly handoff?: {
    /**
     * The page that opens a link on the phone (the token is appended as
     * `#fragment`). Default: the SDK's `handoff.html` served under `/sdk/`
     * on the handler's public origin.
     */
    readonly pageUrl?: string;
    /**
     * Sends links by SMS or email (`@reverify/notifiers` has Twilio SMS and
     * SMTP email). Default in sandbox mode: the development inbox
     * (`createDevInbox`); in production: none, so `sendMessage` is refused.
     */
    readonly notifier?: Notifier;
  };
  /** Batch reverification. */
  readonly batches?: {
    /** Invitations in flight at once. Default 4. */
    readonly concurrency?: number;
  };
  /**
   * The handler's public origin (`https://api.example.com`), for the links
   * it builds. Default: the origin each request came to (`X-Forwarded-Host`
   * and `-Proto` with `trustProxy`).
   */
  readonly publicOrigin?: string;
  /** Where the handler logs (ids and codes only). Default: silent. */
  readonly logger?: Logger;
  /** The clock, for tests. Default `() => new Date()`. */
  readonly clock?: () => Date;
}

/** The folder `folder` of the installed package `name`, or `null` when it is not installed. */
function installedFolder(name: string, folder: string): string | null {
  try {
    return join(dirname(createRequire(import.meta.url).resolve(`${name}/package.json`)), folder);
  } catch {
    return null;
  }
}

/**
 * The `dist/` folder of the installed `@reverify/sdk`, or `null` when it is
 * not installed (pass it as `sdkDirectory`).
 */
export function resolveSdkDirectory(): string | null {
  return installedFolder('@reverify/sdk', 'dist');
}

/**
 * The assets folder of the installed `@reverify/sdk-assets`, or `null` when
 * it is not installed (pass it as `assetsDirectory`).
 */
export function resolveAssetsDirectory(): string | null {
  return installedFolder('@reverify/sdk-assets', 'dist');
}

/** A web-standard handler plus its lifecycle controls. */
export interface ReverifyHandler {
  /** Serves one request under `/v1/…`; adapters pass the client address in `context`. */
  fetch(request: Request, context?: RequestContext): Promise<Response>;
  /** Live counters for monitoring. */
  stats(): { openStreams: number };
  /** Runs one webhook dispatch pass now; resolves with the attempts made. */
  dispatchWebhooks(): Promise<number>;
  /** Expires overdue reverifications and purges captures past retention now. */
  sweep(): Promise<{ expired: number; purged: number }>;
  /** Stops timers and the provider, and closes the store if the handler opened it. */
  close(): Promise<void>;
}

const MAX_TOKEN_TTL_SECONDS = 900;

/** Production's default notifier: no channel, so `sendMessage` is refused. */
const NO_NOTIFIER: Notifier = {
  channels: [],
  send: () => Promise.reject(new Error('no notifier configured')),
};

function keyHashes(keys: readonly string[], prefix: string, label: string): Set<string> {
  return new Set(
    keys.map((key) => {
      if (key.startsWith('sha256:')) {
        const hex = key.slice('sha256:'.length);
        if (!/^[0-9a-f]{64}$/.test(hex))
          throw new ReverifyConfigError(`${label}: malformed sha256 key hash.`);
        return hex;
      }
      if (!key.startsWith(prefix) || key.length < prefix.length + 24) {
        throw new ReverifyConfigError(
          `${label} must start with ${prefix} and have at least 24 random characters.`,
        );
      }
      return hashSecret(key);
    }),
  );
}

function checkOrigins(origins: readonly string[]): Set<string> {
  for (const origin of origins) {
    let parsed: URL;
    try {
      parsed = new URL(origin);
    } catch {
      throw new ReverifyConfigError(`allowedOrigins: "${origin}" is not a URL.`);
    }
    if (parsed.origin !== origin) {
      throw new ReverifyConfigError(
        `allowedOrigins: use the exact origin "${parsed.origin}", not "${origin}".`,
      );
    }
  }
  return new Set(origins);
}

/**
 * Creates the Reverify handler: validates the configuration (throwing
 * {@link ReverifyConfigError} on any mistake), opens the store, starts the
 * provider and the sweeper.
 *
 * @example
 * ```ts
 * const handler = await createReverifyHandler({
 *   mode: 'production',
 *   secretKeys: [process.env.REVERIFY_SECRET_KEY!],
 *   provider: createTruoraProvider({ apiKey: process.env.TRUORA_API_KEY! }),
 *   allowedOrigins: ['https://app.example.com'],
 * });
 * ```
 */
export async function createReverifyHandler(
  options: ReverifyHandlerOptions,
): Promise<ReverifyHandler> {
  const { mode } = options;
  if (mode !== 'sandbox' && mode !== 'production')
    throw new ReverifyConfigError('mode must be "sandbox" or "production".');
  if (options.secretKeys.length === 0)
    throw new ReverifyConfigError('secretKeys needs at least one key.');
  const secretKeyHashes = keyHashes(
    options.secretKeys,
    mode === 'sandbox' ? 'sk_test_' : 'sk_live_',
    'secretKeys',
  );
  if (mode === 'production' && options.publishableKeys?.length) {
    throw new ReverifyConfigError(
      'publishableKeys are sandbox only: in production your server mints client tokens.',
    );
  }
  const publishableKeyHashes = keyHashes(
    options.publishableKeys ?? [],
    'pk_test_',
    'publishableKeys',
  );
  const provider = options.provider ?? (mode === 'sandbox' ? createSandboxProvider() : undefined);
  if (!provider) throw new ReverifyConfigError('production mode needs a provider.');
  if (mode === 'production' && !provider.production) {
    throw new ReverifyConfigError(`the ${provider.name} provider cannot run in production mode.`);
  }
  const tokenTtlSeconds = options.tokenTtlSeconds ?? 600;
  if (
    !Number.isInteger(tokenTtlSeconds) ||
    tokenTtlSeconds < 30 ||
    tokenTtlSeconds > MAX_TOKEN_TTL_SECONDS
  ) {
    throw new ReverifyConfigError(
      `tokenTtlSeconds must be an integer from 30 to ${MAX_TOKEN_TTL_SECONDS}.`,
    );
  }
  const imageLimits = { ...DEFAULT_IMAGE_LIMITS, ...options.imageLimits };
  const retention: RetentionOptions = {
    captureSeconds: options.retention?.captureSeconds ?? 24 * 3600,
    manualReviewSeconds: options.retention?.manualReviewSeconds ?? 7 * 24 * 3600,
  };
  for (const [name, value] of Object.entries(retention)) {
    if (!Number.isFinite(value) || value < 0)
      throw new ReverifyConfigError(`retention.${name} must be ≥ 0 seconds.`);
  }
  const allowedOrigins = checkOrigins(options.allowedOrigins ?? []);

  const publicWebhooksOnly = mode === 'production' && !options.webhooks?.allowPrivateNetworks;
  const endpoints = resolveEndpoints(options.webhooks?.endpoints ?? [], mode, publicWebhooksOnly);
  const retrySchedule = options.webhooks?.retrySchedule ?? DEFAULT_RETRY_SCHEDULE;
  if (retrySchedule.length > 12 || retrySchedule.some((s) => !(s >= 0) || s > 86_400)) {
    throw new ReverifyConfigError('webhooks.retrySchedule: at most 12 delays of 0–86400 seconds.');
  }
  const clock = options.clock ?? (() => new Date());
  const logger = options.logger ?? silentLogger;

  const store =
    options.store ??
    (await createSqliteStore({ filename: resolve(options.sqlitePath ?? '.reverify/reverify.db') }));
  const dispatcher = new WebhookDispatcher({
    store,
    endpoints,
    schedule: retrySchedule,
    attemptTimeoutMs: options.webhooks?.attemptTimeoutMs ?? 10_000,
    concurrency: options.webhooks?.concurrency ?? 8,
    intervalMs: options.webhooks?.pollIntervalMs ?? 1000,
    publicOnly: publicWebhooksOnly,
    clock,
    logger,
  });
  const attempts = {
    max: options.attempts?.max ?? 10,
    windowSeconds: options.attempts?.windowSeconds ?? 3600,
  };
  if (!(Number.isInteger(attempts.max) && attempts.max >= 1 && attempts.windowSeconds >= 1)) {
    throw new ReverifyConfigError('attempts.max must be an integer ≥ 1 and windowSeconds ≥ 1.');
  }
  const batchConcurrency = options.batches?.concurrency ?? 4;
  if (!(Number.isInteger(batchConcurrency) && batchConcurrency >= 1 && batchConcurrency <= 64)) {
    throw new ReverifyConfigError('batches.concurrency must be an integer from 1 to 64.');
  }
  if (options.publicOrigin !== undefined) checkOrigins([options.publicOrigin]);
  const notifier =
    options.handoff?.notifier ?? (mode === 'sandbox' ? createDevInbox() : NO_NOTIFIER);
  const core = createCore({
    store,
    provider,
    mode,
    clock,
    tokenTtlSeconds,
    retention,
    imageLimits,
    providerTimeoutMs: options.providerTimeoutMs ?? 15_000,
    attempts,
    logger,
    outbox: dispatcher,
  });
  await core.matching.start();
  dispatcher.start();
  const handoffs = new HandoffLinks(
    core.handoffs,
    { pageUrl: options.handoff?.pageUrl ?? null, notifier },
    logger,
  );
  const batches = new BatchProcessor({
    sessions: core.sessions,
    handoffs,
    store,
    concurrency: batchConcurrency,
    clock,
    logger,
  });
  // Resuming unfinished batches runs in the background; it must not hold up (or fail) startup.
  batches.start().catch((error: unknown) => {
    logger.error({ error: String(error) }, 'could not resume batches');
  });
  const app = createApp({
    core,
    dispatcher,
    handoffs,
    batches,
    publicOrigin: options.publicOrigin ?? null,
    mode,
    secretKeyHashes,
    publishableKeyHashes,
    allowedOrigins,
    rateLimit:
      options.rateLimit === false
        ? false
        : {
            perKey: options.rateLimit?.perKey ?? { points: 300, durationSeconds: 60 },
            perIp: options.rateLimit?.perIp ?? { points: 600, durationSeconds: 60 },
          },
    maxUploadBytes: imageLimits.maxBytes,
    heartbeatMs: options.heartbeatMs ?? 15_000,
    trustProxy: compileTrustProxy(options.trustProxy ?? false),
    sdkDirectory: options.sdkDirectory ? resolve(options.sdkDirectory) : null,
    assetsDirectory: options.assetsDirectory
      ? resolve(options.assetsDirectory)
      : options.sdkDirectory
        ? resolveAssetsDirectory()
        : null,
    logger,
  });

  const sweepIntervalMs = options.sweepIntervalMs ?? 5000;
  const sweeper =
    sweepIntervalMs > 0
      ? setInterval(() => {
          core.sweeper
            .sweep()
            .catch((error: unknown) => logger.error({ error: String(error) }, 'sweep failed'));
        }, sweepIntervalMs)
      : undefined;
  sweeper?.unref();

  let closed = false;
  return {
    fetch: async (request, context) => app.fetch(request, context ?? {}),
    stats: () => ({ openStreams: core.lifecycle.bus.size }),
    dispatchWebhooks: () => dispatcher.dispatch(),
    sweep: () => core.sweeper.sweep(),
    async close() {
      if (closed) return;
      closed = true;
      clearInterval(sweeper);
      await batches.stop();
      await dispatcher.stop();
      await provider.close();
      if (!options.store) await store.close();
    },
  };
}
