import type { LivenessPolicy } from '@reverify/contract';
import type { RetentionOptions } from './core/index.js';
import type { WorkflowOptions } from './core/workflows.js';
import type { FactorOptions } from './factors/factor-settings.js';
import type { RateLimitRule, RequestContext } from './http/app.js';
import type { TrustProxy } from './http/client-address.js';
import type { ImageLimits } from './image/sanitize-image.js';
import type { ClipLimits } from './image/validate-clip.js';
import type { Logger } from './plugin/logger.js';
import type { Notifier } from './plugin/notifier.js';
import type { PresenceVerifier } from './plugin/presence.js';
import type { FaceMatchProvider } from './plugin/provider.js';
import type { ReverifyStore } from './store/store.js';
import type { WebhookEndpointConfig } from './webhooks/endpoints.js';

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
   * A PostgreSQL connection string: the store becomes PostgreSQL
   * (`createPostgresStore`), for several instances on one database.
   * Default `$DATABASE_URL`; with neither (nor `store`), the SQLite file.
   */
  readonly databaseUrl?: string;
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
   * The path your server routes to the handler, e.g. `/reverify` (starts
   * with `/`, no trailing slash). The handler strips it from requests that
   * still carry it (a plain Node `http` server, `reverify-server
   * --base-path`), routes requests that arrive without it as they are
   * (Express `app.use('/reverify', …)` and Hono `mount` strip it first),
   * and puts it in the links it makes (the handoff page). Default `''`.
   */
  readonly basePath?: string;
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
     * `DEFAULT_RETRY_SCHEDULE` (three attempts in all, as the VECU-style seed says); `EXTENDED_RETRY_SCHEDULE` spans a day.
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
    /**
     * The countries (ISO 3166-1 alpha-2, e.g. `['BR', 'US']`) links may be
     * texted to. Default: any. Set it in production: SMS pumping targets
     * far-away premium routes.
     */
    readonly smsCountries?: readonly string[];
    /**
     * Messages a browser may ask for (`startReverification({ phoneNumber,
     * sendMessage })`, VECU's SDK options): `false` refuses them (`403
     * forbidden`); by default at most 3 per reverification and 3 per
     * destination per hour (`429 rate_limited` past either).
     */
    readonly clientMessages?:
      | false
      | { readonly perReverification?: number; readonly perDestinationPerHour?: number };
  };
  /**
   * Presence: proving that a live person is in front of the camera, not a
   * photo or a screen. A reverification may name its own `liveness` policy.
   */
  readonly presence?: {
    /**
     * `active` (a head-turn challenge on the device, verified on the server),
     * `passive` (the provider's own liveness check) or `off`. Default
     * `active` when a verifier is available, else `passive`. Unchecked
     * liveness never approves under `active` or `passive`: it goes to
     * manual review.
     */
    readonly policy?: LivenessPolicy;
    /**
     * Verifies active challenges from their keyframes. Default: the provider,
     * when it is one (`@reverify/provider-local`'s `createLocalProvider()` is).
     */
    readonly verifier?: PresenceVerifier;
    /** Seconds from a challenge's issue until its capture must arrive (30–900). Default 180. */
    readonly challengeLifetimeSeconds?: number;
    /** The head turn asked for, degrees (5–45). Default 15. */
    readonly minYawDegrees?: number;
    /** Milliseconds the device gives the person for one move (1000–60000). Default 8000. */
    readonly moveTimeoutMs?: number;
    /** Limits of the challenge video a provider may want. Default 10 MB, 15 s. */
    readonly clip?: Partial<ClipLimits>;
    /** Milliseconds a verification may take before it counts as uncertain. Default 20000. */
    readonly verifyTimeoutMs?: number;
  };
  /**
   * The methods beside the selfie: passkeys (WebAuthn), the authenticator
   * app (TOTP) and one-time codes by SMS or email (sent through
   * `handoff.notifier`). A reverification's `methods` say which satisfy it.
   */
  readonly factors?: FactorOptions;
  /**
   * Named reverification policies (Trust Swiftly's workflows), by id: a
   * reverification created with `workflow: id` takes the workflow's tier,
   * liveness, threshold and lifetime, records the id, and its webhooks
   * carry it. Checked at start-up; listed at `GET /v1/workflows`.
   */
  readonly workflows?: Readonly<Record<string, WorkflowOptions>>;
  readonly batches?: {
    /** Invitations in flight at once. Default 4. */
    readonly concurrency?: number;
    /**
     * How often each instance looks for batches queued on another one (or
     * left behind by a stopped one), in milliseconds; 0 looks only at start.
     * Default 5000 on a store instances share (PostgreSQL), else 0.
     */
    readonly pollIntervalMs?: number;
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

/** A web-standard handler plus its lifecycle controls; see `createReverifyHandler`. */
export interface ReverifyHandler {
  /** Serves one request under `/v1/…`; adapters pass the client address in `context`. */
  fetch(request: Request, context?: RequestContext): Promise<Response>;
  /** Live counters for monitoring. */
  stats(): { openStreams: number };
  /** Runs one webhook dispatch pass now; resolves with the attempts made. */
  dispatchWebhooks(): Promise<number>;
  /** Expires overdue reverifications and purges captures past retention now. */
  sweep(): Promise<{ expired: number; purged: number }>;
  /**
   * Shuts down gracefully (call it on SIGTERM, after your server stops
   * accepting connections): ends every open SSE stream at once (browsers
   * resume with `Last-Event-ID` on another instance), lets the requests
   * being answered finish (10 s at most), then the batch invitations and
   * webhook attempts in flight, which record their outcome (so no lease is
   * left to expire), stops timers and the provider, and closes the store if
   * the handler opened it.
   */
  close(): Promise<void>;
}
