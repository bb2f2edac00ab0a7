import { randomBytes } from 'node:crypto';
import { resolve } from 'node:path';
import { KEYFRAME_NAMES } from '@reverify/contract';
import { BatchProcessor } from './batches/batch-processor.js';
import { ApiKeys } from './core/api-keys.js';
import { hashSecret } from './core/ids.js';
import { createCore, type PresenceConfig, type RetentionOptions } from './core/index.js';
import { limitersOn } from './core/rate-limiters.js';
import { resolveWorkflows } from './core/workflows.js';
import { resolveFactorSettings } from './factors/factor-settings.js';
import { SecretBox } from './factors/secret-box.js';
import type { ReverifyHandler, ReverifyHandlerOptions } from './handler-options.js';
import { type ClientMessageLimits, HandoffLinks } from './handoff/handoff-links.js';
import { createApp } from './http/app.js';
import { pathUnderBase } from './http/base-path.js';
import { compileTrustProxy } from './http/client-address.js';
import { DEFAULT_IMAGE_LIMITS } from './image/sanitize-image.js';
import { DEFAULT_CLIP_LIMITS } from './image/validate-clip.js';
import { createDevInbox } from './notify/dev-inbox.js';
import { ReverifyConfigError } from './plugin/errors.js';
import { silentLogger } from './plugin/logger.js';
import type { Notifier } from './plugin/notifier.js';
import { isPresenceVerifier } from './plugin/presence.js';
import type { FaceMatchProvider } from './plugin/provider.js';
import { createSandboxProvider } from './providers/sandbox-provider.js';
import { resolveAssetsDirectory } from './sdk-folders.js';
import { createPostgresStore } from './store/postgres/postgres-store.js';
import { createSqliteStore } from './store/sqlite/sqlite-store.js';
import { WebhookDispatcher } from './webhooks/dispatcher.js';
import { resolveEndpoints } from './webhooks/endpoints.js';
import { DEFAULT_RETRY_SCHEDULE } from './webhooks/schedule.js';

export type { ReverifyHandler, ReverifyHandlerOptions } from './handler-options.js';
export { resolveAssetsDirectory, resolveSdkDirectory } from './sdk-folders.js';

const MAX_TOKEN_TTL_SECONDS = 900;

/** Checks that `value` is an integer from `min` to `max`; `ReverifyConfigError` naming `name` otherwise. */
function integerIn(name: string, value: number, min: number, max: number): number {
  if (!Number.isInteger(value) || value < min || value > max) {
    throw new ReverifyConfigError(`${name} must be an integer from ${min} to ${max}.`);
  }
  return value;
}

/** The core's presence settings from the handler's options (validated). */
function presenceConfig(
  options: ReverifyHandlerOptions,
  provider: FaceMatchProvider,
): PresenceConfig {
  const given = options.presence ?? {};
  const verifier = given.verifier ?? (isPresenceVerifier(provider) ? provider : null);
  const policy = given.policy ?? (verifier ? 'active' : 'passive');
  if (!['off', 'passive', 'active'].includes(policy)) {
    throw new ReverifyConfigError('presence.policy must be "off", "passive" or "active".');
  }
  return {
    defaultPolicy: policy,
    verifier,
    challenge: {
      lifetimeSeconds: integerIn(
        'presence.challengeLifetimeSeconds',
        given.challengeLifetimeSeconds ?? 180,
        30,
        900,
      ),
      minYawDegrees: integerIn('presence.minYawDegrees', given.minYawDegrees ?? 15, 5, 45),
      moveTimeoutMs: integerIn('presence.moveTimeoutMs', given.moveTimeoutMs ?? 8000, 1000, 60_000),
    },
    clipLimits: { ...DEFAULT_CLIP_LIMITS, ...given.clip },
    verifyTimeoutMs: integerIn(
      'presence.verifyTimeoutMs',
      given.verifyTimeoutMs ?? 20_000,
      1000,
      300_000,
    ),
    random: Math.random,
  };
}

/** Validates `handoff.smsCountries`: ISO 3166-1 alpha-2 codes, or `null` for any country. */
function smsCountries(countries: readonly string[] | undefined): readonly string[] | null {
  if (countries === undefined) return null;
  const bad = countries.find((code) => !/^[A-Z]{2}$/.test(code));
  if (bad !== undefined || countries.length === 0) {
    throw new ReverifyConfigError(
      `handoff.smsCountries: give ISO 3166-1 alpha-2 codes such as "BR"${bad === undefined ? '' : `, not "${bad}"`}.`,
    );
  }
  return countries;
}

/** Validates `handoff.clientMessages`; `null` when browsers may not ask for messages. */
function clientMessageLimits(
  given: NonNullable<ReverifyHandlerOptions['handoff']>['clientMessages'],
): ClientMessageLimits | null {
  if (given === false) return null;
  return {
    perReverification: integerIn(
      'handoff.clientMessages.perReverification',
      given?.perReverification ?? 3,
      1,
      20,
    ),
    perDestinationPerHour: integerIn(
      'handoff.clientMessages.perDestinationPerHour',
      given?.perDestinationPerHour ?? 3,
      1,
      100,
    ),
  };
}

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

/** A base path's segments: URL-safe, and not a route of the handler itself. */
const BASE_PATH = /^(\/[A-Za-z0-9._~-]+)*$/;
const HANDLER_ROOTS = new Set(['v1', 'sdk']);

/** Validates `basePath` (`''`, or `/a/b` without a trailing slash). */
function checkBasePath(basePath: string): string {
  const first = basePath.split('/')[1];
  if (!BASE_PATH.test(basePath) || (first !== undefined && HANDLER_ROOTS.has(first))) {
    throw new ReverifyConfigError(
      'basePath must be "" or start with "/", have no trailing slash, and not begin with /v1 or /sdk.',
    );
  }
  return basePath;
}

/** The request with `basePath` taken off its path, when it carries it. */
function withoutBasePath(request: Request, basePath: string): Request {
  if (!basePath) return request;
  const url = new URL(request.url);
  const inner = pathUnderBase(url.pathname, basePath);
  if (inner === null) return request;
  url.pathname = inner;
  return new Request(url, request);
}

/** How long `close()` waits for requests being answered. */
const CLOSE_GRACE_MS = 10_000;

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

  const databaseUrl = options.databaseUrl ?? process.env.DATABASE_URL;
  const store =
    options.store ??
    (databaseUrl
      ? await createPostgresStore({ connectionString: databaseUrl })
      : await createSqliteStore({
          filename: resolve(options.sqlitePath ?? '.reverify/reverify.db'),
        }));
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
  const basePath = checkBasePath(options.basePath ?? '');
  const notifier =
    options.handoff?.notifier ?? (mode === 'sandbox' ? createDevInbox() : NO_NOTIFIER);
  const presence = presenceConfig(options, provider);
  const factorKey = options.factors?.secretKey ?? process.env.REVERIFY_FACTOR_KEY;
  if (!factorKey && mode === 'sandbox') {
    logger.warn({}, 'no factors.secretKey: authenticator apps set up now stop working at restart');
  }
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
    presence,
    workflows: resolveWorkflows(options.workflows, provider.name, presence.defaultPolicy),
    factors: resolveFactorSettings(options.factors, {
      allowedOrigins: [...allowedOrigins],
      box: factorKey
        ? new SecretBox(SecretBox.parseKey(factorKey))
        : mode === 'sandbox'
          ? new SecretBox(randomBytes(32))
          : null,
      notifier: notifier.channels.length > 0 ? notifier : null,
    }),
    smsCountries: smsCountries(options.handoff?.smsCountries),
  });
  await core.matching.start();
  // Several instances on one store: events committed elsewhere reach this one's streams.
  const stopWatching = store.watchEvents
    ? await store.watchEvents((ids) => {
        core.streams.resync(ids).catch((error: unknown) => {
          logger.warn({ error: String(error) }, 'event resync failed');
        });
      })
    : null;
  dispatcher.start();
  const limiters = limitersOn(store);
  const handoffs = new HandoffLinks(
    core.handoffs,
    {
      pageUrl: options.handoff?.pageUrl ?? null,
      basePath,
      notifier,
      smsCountries: smsCountries(options.handoff?.smsCountries),
      clientMessages: clientMessageLimits(options.handoff?.clientMessages),
      limiters,
    },
    logger,
  );
  const batches = new BatchProcessor({
    sessions: core.sessions,
    handoffs,
    store,
    concurrency: batchConcurrency,
    // Only a shared store can receive batches from, or inherit them of, another instance.
    pollIntervalMs: options.batches?.pollIntervalMs ?? (store.watchEvents ? 5000 : 0),
    clock,
    logger,
  });
  // Resuming unfinished batches runs in the background; it must not hold up (or fail) startup.
  batches.start().catch((error: unknown) => {
    logger.error({ error: String(error) }, 'could not resume batches');
  });
  let closed = false;
  const app = createApp({
    core,
    dispatcher,
    handoffs,
    batches,
    publicOrigin: options.publicOrigin ?? null,
    mode,
    secretKeyHashes,
    apiKeys: new ApiKeys(store, clock),
    publishableKeyHashes,
    allowedOrigins,
    limiters,
    closing: () => closed,
    rateLimit:
      options.rateLimit === false
        ? false
        : {
            perKey: options.rateLimit?.perKey ?? { points: 300, durationSeconds: 60 },
            perIp: options.rateLimit?.perIp ?? { points: 600, durationSeconds: 60 },
          },
    // A capture carries the frontal image, up to four keyframes and perhaps a clip.
    maxUploadBytes: imageLimits.maxBytes * KEYFRAME_NAMES.length + presence.clipLimits.maxBytes,
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

  /** Requests being answered (not streams being followed), for a graceful close. */
  const inFlight = new Set<Promise<Response>>();
  return {
    fetch: async (request, context) => {
      const answer = Promise.resolve(app.fetch(withoutBasePath(request, basePath), context ?? {}));
      inFlight.add(answer);
      try {
        return await answer;
      } finally {
        inFlight.delete(answer);
      }
    },
    stats: () => ({ openStreams: core.lifecycle.bus.size }),
    dispatchWebhooks: () => dispatcher.dispatch(),
    sweep: () => core.sweeper.sweep(),
    async close() {
      if (closed) return;
      closed = true;
      // Open streams end first: their browsers resume on another instance meanwhile.
      core.streams.bus.drain();
      clearInterval(sweeper);
      // Uploads and calls being answered finish, with the store still open (10 s at most).
      await Promise.race([
        Promise.allSettled([...inFlight]),
        new Promise((resolve) => setTimeout(resolve, CLOSE_GRACE_MS).unref()),
      ]);
      await batches.stop();
      await dispatcher.stop();
      await provider.close();
      await stopWatching?.();
      if (!options.store) await store.close();
    },
  };
}
