import type { ApiKeyScope, ClientSession } from '@reverify/contract';
import type { Context, MiddlewareHandler } from 'hono';
import type { AppConfig, AppEnv } from './env.js';
import { authenticate, clientToken, requireAllowedOrigin } from './middleware/auth.js';
import { limitBody } from './middleware/body-limit.js';
import { createRateLimits, type RateLimits } from './middleware/rate-limit.js';

const JSON_BODY_LIMIT = 64 * 1024;
const PROVIDER_WEBHOOK_LIMIT = 512 * 1024;
/** Room for multipart boundaries and the `checks` part around the image. */
const MULTIPART_OVERHEAD = 64 * 1024;

/** The route-level middleware, built once. */
export interface Guards {
  /** A secret key holding one of `anyOf` (the keys of the handler's options hold them all). */
  scoped(...anyOf: ApiKeyScope[]): MiddlewareHandler<AppEnv>;
  /**
   * A secret key with the `reverifications` scope, or in sandbox a
   * publishable key (then bound to the allowed origins).
   */
  readonly secretOrPublishableKey: MiddlewareHandler<AppEnv>;
  /** A browser request from an allowed origin. */
  readonly allowedOrigin: MiddlewareHandler<AppEnv>;
  /** JSON bodies up to 64 KB. */
  readonly jsonLimit: MiddlewareHandler<AppEnv>;
  /** Uploads up to the image limit (plus multipart overhead). */
  readonly uploadLimit: MiddlewareHandler<AppEnv>;
  /** Provider webhooks up to 512 KB. */
  readonly providerWebhookLimit: MiddlewareHandler<AppEnv>;
}

/** What every route module gets. */
export interface RouteContext {
  readonly config: AppConfig;
  readonly guards: Guards;
  readonly limits: RateLimits;
  /** The browser's session from its client token (`unauthorized` without one), rate-limited per reverification. */
  clientSession(c: Context, purpose?: 'follow' | 'capture'): Promise<ClientSession>;
  /** The handler's public origin, for the links it builds. */
  originOf(c: Context): string;
}

/** Builds the shared guards, limits and helpers of the routes from the app's config. */
export function createRouteContext(config: AppConfig): RouteContext {
  const limits = createRateLimits(config.rateLimit, config.limiters);
  const allowedOrigin = requireAllowedOrigin(config.allowedOrigins);
  const publishableOrSecret = authenticate(
    config,
    limits,
    ['secret', 'publishable'],
    ['reverifications'],
  );
  const guards: Guards = {
    scoped: (...anyOf) => authenticate(config, limits, ['secret'], anyOf),
    secretOrPublishableKey: async (c, next) =>
      publishableOrSecret(c, async () => {
        // A publishable key acts from a browser, so it is bound to the allowlist like a token.
        if (c.get('credential').kind === 'publishable') await allowedOrigin(c, next);
        else await next();
      }),
    allowedOrigin,
    jsonLimit: limitBody(JSON_BODY_LIMIT, 'The body'),
    uploadLimit: limitBody(
      config.maxUploadBytes + MULTIPART_OVERHEAD,
      'The upload',
      config.maxUploadBytes,
    ),
    providerWebhookLimit: limitBody(PROVIDER_WEBHOOK_LIMIT, 'The webhook'),
  };
  return {
    config,
    guards,
    limits,
    async clientSession(c, purpose = 'follow') {
      const session = await config.core.tokens.openClientSession(clientToken(c), purpose);
      await limits.perKey(`token:${session.reverificationId}`);
      return session;
    },
    originOf(c) {
      if (config.publicOrigin) return config.publicOrigin;
      const forwardedHost = config.trustProxy ? c.req.header('X-Forwarded-Host') : undefined;
      if (forwardedHost) {
        const proto = c.req.header('X-Forwarded-Proto') === 'http' ? 'http' : 'https';
        return `${proto}://${forwardedHost.split(',')[0]?.trim()}`;
      }
      return new URL(c.req.url).origin;
    },
  };
}
