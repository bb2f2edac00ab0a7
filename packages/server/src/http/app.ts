import {
  CaptureChecksSchema,
  CreateEnrollmentRequestSchema,
  CreateReverificationRequestSchema,
  EnrollmentIdSchema,
  ReferenceIdSchema,
  ReplayRequestSchema,
} from '@reverify/contract';
import { type Context, Hono, type MiddlewareHandler } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { cors } from 'hono/cors';
import { RateLimiterMemory, RateLimiterRes } from 'rate-limiter-flexible';
import { z } from 'zod';
import type { BatchProcessor } from '../batches/batch-processor.js';
import { hashSecret } from '../core/ids.js';
import type { ReverifyCore } from '../core/reverify-core.js';
import { ReverifyError } from '../errors.js';
import type { HandoffLinks } from '../handoff/handoff-links.js';
import type { Logger } from '../logger.js';
import type { WebhookDispatcher } from '../webhooks/dispatcher.js';
import { filePart, jsonBody, jsonPart, multipartBody } from './body.js';
import { clientAddress, type ProxyTrust } from './client-address.js';
import { CONTENT_SECURITY_POLICY } from './content-security-policy.js';
import { errorResponse } from './errors.js';
import { requestIdMiddleware } from './middleware/request-id.js';
import { securityHeaders } from './middleware/security-headers.js';
import { registerOperationRoutes } from './operation-routes.js';
import { pathParam, reverificationIdParam } from './route-params.js';
import { streamEvents } from './sse.js';
import { serveStatic } from './static-files.js';

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

/** What the HTTP layer needs; assembled by `createReverifyHandler`. */
export interface AppConfig {
  readonly core: ReverifyCore;
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
  readonly allowedOrigins: ReadonlySet<string>;
  readonly rateLimit: { readonly perKey: RateLimitRule; readonly perIp: RateLimitRule } | false;
  readonly maxUploadBytes: number;
  readonly heartbeatMs: number;
  /** The proxies trusted to name the client, or `null`. */
  readonly trustProxy: ProxyTrust | null;
  /** The SDK's `dist/` folder, served under `/sdk/`, or `null`. */
  readonly sdkDirectory: string | null;
  readonly logger: Logger;
}

type Credential = { kind: 'secret' | 'publishable'; hash: string };
type Env = { Variables: { requestId: string; credential: Credential } };

const JSON_BODY_LIMIT = 64 * 1024;
const PROVIDER_WEBHOOK_LIMIT = 512 * 1024;
const ProviderNameParam = z.string().regex(/^[a-z][a-z0-9-]{1,39}$/);
/** Room for multipart boundaries and the `checks` part around the image. */
const MULTIPART_OVERHEAD = 64 * 1024;
const IdempotencyKeySchema = z
  .string()
  .regex(/^[\x21-\x7e]{8,128}$/, 'Idempotency-Key must be 8–128 printable characters');

function bearer(c: Context): string | undefined {
  const header = c.req.header('Authorization');
  const match = header?.match(/^Bearer ([A-Za-z0-9._~-]{1,512})$/);
  return match?.[1];
}

/** The browser's client token from `Authorization: Bearer`; `unauthorized` without one. */
function clientToken(c: Context): string {
  const token = bearer(c);
  if (!token) throw new ReverifyError('unauthorized', 'Send Authorization: Bearer <clientToken>.');
  return token;
}

/** Refuses bodies over `maxSize` bytes with `payload_too_large` (naming `maxBytes`). */
function limitBody(maxSize: number, what: string, maxBytes: number) {
  return bodyLimit({
    maxSize,
    onError: () => {
      throw new ReverifyError('payload_too_large', `${what} is larger than ${maxBytes} bytes.`, {
        details: { maxBytes },
      });
    },
  });
}

/**
 * The Hono application behind the handler: routes under `/v1`, CORS with an
 * exact allowlist, request ids, rate limits, credential checks and the
 * contract's error envelope on every failure (including 404 and 405).
 */
export function createApp(config: AppConfig): Hono<Env> {
  const { core, logger } = config;
  const app = new Hono<Env>();
  const limiters = config.rateLimit
    ? {
        key: new RateLimiterMemory({
          points: config.rateLimit.perKey.points,
          duration: config.rateLimit.perKey.durationSeconds,
        }),
        ip: new RateLimiterMemory({
          points: config.rateLimit.perIp.points,
          duration: config.rateLimit.perIp.durationSeconds,
        }),
      }
    : null;

  async function consume(limiter: RateLimiterMemory | undefined, key: string): Promise<void> {
    if (!limiter) return;
    try {
      await limiter.consume(key);
    } catch (rejection) {
      if (!(rejection instanceof RateLimiterRes)) throw rejection;
      throw new ReverifyError('rate_limited', 'Too many requests; retry later.', {
        retryAfterSeconds: Math.max(1, Math.ceil(rejection.msBeforeNext / 1000)),
      });
    }
  }

  const authenticate =
    (kinds: readonly Credential['kind'][]): MiddlewareHandler<Env> =>
    async (c, next) => {
      const key = bearer(c);
      if (!key) throw new ReverifyError('unauthorized', 'Send Authorization: Bearer <key>.');
      const hash = hashSecret(key);
      const kind: Credential['kind'] | undefined = config.secretKeyHashes.has(hash)
        ? 'secret'
        : config.publishableKeyHashes.has(hash)
          ? 'publishable'
          : undefined;
      if (!kind) throw new ReverifyError('unauthorized', 'Unknown API key.');
      if (!kinds.includes(kind)) {
        throw new ReverifyError(
          'forbidden',
          `A ${kind} key cannot do this; use a secret key from your server.`,
        );
      }
      await consume(limiters?.key, `key:${hash}`);
      c.set('credential', { kind, hash });
      await next();
    };

  /** Browser-token requests must come from an allowed origin. */
  const requireAllowedOrigin: MiddlewareHandler<Env> = async (c, next) => {
    const origin = c.req.header('Origin');
    if (!origin || !config.allowedOrigins.has(origin)) {
      throw new ReverifyError(
        'origin_not_allowed',
        'This request must come from an allowed origin.',
      );
    }
    await next();
  };

  app.use(requestIdMiddleware());
  app.use(securityHeaders());
  app.use(async (c, next) => {
    const started = performance.now();
    await next();
    // Path only: the stream token travels in the query string and must not reach logs.
    logger.info(
      {
        requestId: c.get('requestId'),
        method: c.req.method,
        path: c.req.path,
        status: c.res.status,
        ms: Math.round(performance.now() - started),
      },
      'request',
    );
  });
  app.use(
    cors({
      origin: (origin) => (config.allowedOrigins.has(origin) ? origin : null),
      allowMethods: ['GET', 'POST', 'DELETE', 'OPTIONS'],
      allowHeaders: ['Authorization', 'Content-Type', 'Idempotency-Key', 'Last-Event-ID'],
      exposeHeaders: ['X-Request-Id', 'Retry-After'],
      maxAge: 600,
    }),
  );
  app.use(async (c, next) => {
    const origin = c.req.header('Origin');
    // The SDK's files are public; only API calls are bound to the allowlist.
    if (origin && !config.allowedOrigins.has(origin) && !c.req.path.startsWith('/sdk/')) {
      throw new ReverifyError('origin_not_allowed', `Origin ${origin} is not allowed.`);
    }
    const ip = clientAddress(
      (c.env as RequestContext | undefined)?.clientIp,
      c.req.header('X-Forwarded-For'),
      config.trustProxy,
    );
    await consume(limiters?.ip, `ip:${ip}`);
    await next();
  });

  const jsonLimit = limitBody(JSON_BODY_LIMIT, 'The body', JSON_BODY_LIMIT);
  const uploadLimit = limitBody(
    config.maxUploadBytes + MULTIPART_OVERHEAD,
    'The upload',
    config.maxUploadBytes,
  );
  const providerWebhookLimit = limitBody(
    PROVIDER_WEBHOOK_LIMIT,
    'The webhook',
    PROVIDER_WEBHOOK_LIMIT,
  );

  const routes: Record<string, string[]> = {};
  const allow = (path: string, method: string) => {
    routes[path] = [...(routes[path] ?? []), method];
  };

  allow('/v1/health', 'GET');
  app.get('/v1/health', (c) => c.json({ status: 'ok', mode: config.mode }));

  allow('/v1/enrollments', 'POST');
  app.post('/v1/enrollments', authenticate(['secret']), uploadLimit, async (c) => {
    const type = c.req.header('Content-Type')?.toLowerCase() ?? '';
    let fields: unknown;
    let image: Uint8Array | undefined;
    if (type.startsWith('multipart/form-data')) {
      const form = await multipartBody(c, 'the enrollment');
      image = new Uint8Array(await filePart(form, 'selfie', 'the reference selfie').arrayBuffer());
      const metadata = jsonPart(form, 'metadata');
      fields = {
        referenceId: form.referenceId,
        ...(metadata === undefined ? {} : { metadata }),
      };
    } else {
      fields = await jsonBody(c);
    }
    const body = CreateEnrollmentRequestSchema.parse(fields);
    const { enrollment, created } = await core.enroll({ ...body, image });
    return c.json(enrollment, created ? 201 : 200);
  });

  allow('/v1/enrollments', 'GET');
  app.get('/v1/enrollments', authenticate(['secret']), async (c) => {
    const referenceId = ReferenceIdSchema.parse(c.req.query('referenceId'));
    return c.json(await core.findEnrollment(referenceId));
  });

  allow('/v1/enrollments/:id', 'GET');
  app.get('/v1/enrollments/:id', authenticate(['secret']), async (c) => {
    const id = pathParam(
      c,
      'id',
      EnrollmentIdSchema,
      () => new ReverifyError('enrollment_not_found', 'No enrollment has this id.'),
    );
    return c.json(await core.getEnrollment(id));
  });

  allow('/v1/references/:referenceId/biometric-data', 'DELETE');
  app.delete('/v1/references/:referenceId/biometric-data', authenticate(['secret']), async (c) => {
    const referenceId = pathParam(c, 'referenceId', ReferenceIdSchema);
    return c.json({ referenceId, deleted: await core.deleteBiometricData(referenceId) });
  });

  allow('/v1/reverifications', 'POST');
  app.post(
    '/v1/reverifications',
    jsonLimit,
    authenticate(['secret', 'publishable']),
    async (c, next) => {
      // A publishable key acts from a browser, so it is bound to the allowlist like a token.
      if (c.get('credential').kind === 'publishable') return requireAllowedOrigin(c, next);
      await next();
    },
    async (c) => {
      const body = CreateReverificationRequestSchema.parse(await jsonBody(c));
      const { session, created } = await core.createReverification(body);
      return c.json(session, created ? 201 : 200);
    },
  );

  /** The browser's session from its client token, rate-limited per reverification. */
  async function clientSession(c: Context, purpose: 'follow' | 'capture' = 'follow') {
    const session = await core.openClientSession(clientToken(c), purpose);
    await consume(limiters?.key, `token:${session.reverificationId}`);
    return session;
  }

  allow('/v1/client/session', 'POST');
  app.post('/v1/client/session', requireAllowedOrigin, async (c) =>
    c.json(await clientSession(c), 200, { 'Cache-Control': 'no-store' }),
  );

  allow('/v1/reverifications/:id', 'GET');
  app.get('/v1/reverifications/:id', authenticate(['secret']), async (c) => {
    const id = reverificationIdParam(c);
    const details = c.req.query('details') === 'true';
    return c.json(await core.getReverification(id, details));
  });

  allow('/v1/reverifications/:id/capture', 'POST');
  app.post('/v1/reverifications/:id/capture', requireAllowedOrigin, uploadLimit, async (c) => {
    const id = reverificationIdParam(c);
    const upload = await core.authorizeToken(clientToken(c), 'upload', id);
    await consume(limiters?.key, `token:${id}`);
    const idempotencyHeader = c.req.header('Idempotency-Key');
    const idempotencyKey =
      idempotencyHeader === undefined ? null : IdempotencyKeySchema.parse(idempotencyHeader);
    const form = await multipartBody(c, 'the capture');
    const image = filePart(form, 'image', 'the selfie');
    const rawChecks = jsonPart(form, 'checks');
    const checks = rawChecks === undefined ? null : CaptureChecksSchema.parse(rawChecks);
    const { response, replayed } = await core.acceptCapture({
      reverificationId: id,
      token: upload,
      idempotencyKey,
      bytes: new Uint8Array(await image.arrayBuffer()),
      checks,
    });
    return c.json(response, replayed ? 200 : 201);
  });

  allow('/v1/reverifications/:id/events', 'GET');
  app.get('/v1/reverifications/:id/events', async (c) => {
    const id = reverificationIdParam(c);
    const token = c.req.query('token') ?? bearer(c);
    if (!token)
      throw new ReverifyError(
        'unauthorized',
        'Send the streamToken as ?token= or a Bearer header.',
      );
    await core.authorizeToken(token, 'stream', id);
    await consume(limiters?.key, `token:${id}`);
    const lastEventId = c.req.header('Last-Event-ID') ?? c.req.query('after') ?? '0';
    const after = z.coerce.number().int().min(0).max(1_000_000).parse(lastEventId);
    await core.markCapturing(id);
    if (c.req.header('Accept')?.includes('application/json')) {
      const { events } = await core.listEvents(id, after);
      return c.json({ events }, 200, { 'Cache-Control': 'no-store' });
    }
    const pending = await core.listEvents(id, after);
    if (pending.settled && pending.events.length === 0) {
      // Settled and fully read: 204 tells EventSource to stop reconnecting.
      return c.body(null, 204, { 'Cache-Control': 'no-store' });
    }
    return streamEvents(core, id, after, { heartbeatMs: config.heartbeatMs, retryMs: 2000 });
  });

  const { dispatcher } = config;
  allow('/v1/webhooks/endpoints', 'GET');
  app.get('/v1/webhooks/endpoints', authenticate(['secret']), async (c) =>
    c.json({ endpoints: await dispatcher.endpointsHealth() }),
  );

  allow('/v1/webhooks/endpoints/:id/test', 'POST');
  app.post('/v1/webhooks/endpoints/:id/test', authenticate(['secret']), async (c) =>
    c.json(await dispatcher.sendTest(c.req.param('id')), 202),
  );

  allow('/v1/webhooks/dead-letters', 'GET');
  app.get('/v1/webhooks/dead-letters', authenticate(['secret']), async (c) => {
    const limit = z.coerce
      .number()
      .int()
      .min(1)
      .max(1000)
      .parse(c.req.query('limit') ?? '100');
    return c.json({ deliveries: await dispatcher.deadLetters(limit) });
  });

  allow('/v1/webhooks/dead-letters/replay', 'POST');
  app.post('/v1/webhooks/dead-letters/replay', jsonLimit, authenticate(['secret']), async (c) =>
    c.json(await dispatcher.replay(ReplayRequestSchema.parse(await jsonBody(c)))),
  );

  allow('/v1/providers/:name/webhook', 'POST');
  // Server to server: the provider's signature authenticates it, not a key.
  app.post('/v1/providers/:name/webhook', providerWebhookLimit, async (c) => {
    const name = pathParam(
      c,
      'name',
      ProviderNameParam,
      () => new ReverifyError('not_found', 'No provider of this name takes webhooks here.'),
    );
    await core.receiveProviderWebhook(name, {
      headers: c.req.raw.headers,
      body: await c.req.text(),
    });
    return c.json({ received: true });
  });

  registerOperationRoutes({
    app,
    allow,
    secretKey: authenticate(['secret']),
    allowedOrigin: requireAllowedOrigin,
    jsonLimit,
    uploadLimit,
    jsonBody,
    clientSession,
    core,
    handoffs: config.handoffs,
    batches: config.batches,
    originOf: (c) => {
      if (config.publicOrigin) return config.publicOrigin;
      const forwardedHost = config.trustProxy ? c.req.header('X-Forwarded-Host') : undefined;
      if (forwardedHost) {
        const proto = c.req.header('X-Forwarded-Proto') === 'http' ? 'http' : 'https';
        return `${proto}://${forwardedHost.split(',')[0]?.trim()}`;
      }
      return new URL(c.req.url).origin;
    },
  });

  const { sdkDirectory } = config;
  if (sdkDirectory) {
    // The SDK, its script-tag build and its assets from the integrator's own origin.
    app.on(['GET', 'HEAD'], '/sdk/*', async (c) => {
      const file = await serveStatic(c.req.raw, c.req.path.slice('/sdk/'.length), {
        directory: sdkDirectory,
        // The SDK's handoff page runs the camera flow: the strict policy applies.
        htmlHeaders: {
          'Content-Security-Policy': CONTENT_SECURITY_POLICY,
          'Referrer-Policy': 'no-referrer',
        },
      });
      if (!file) throw new ReverifyError('not_found', `No SDK file at ${c.req.path}.`);
      return file;
    });
  }

  for (const [path, methods] of Object.entries(routes)) {
    app.all(path, (c) => {
      const allowed = [...methods, ...(methods.includes('GET') ? ['HEAD'] : []), 'OPTIONS'];
      const response = errorResponse(
        c,
        new ReverifyError('method_not_allowed', `${c.req.method} is not allowed here.`, {
          details: { allow: allowed },
        }),
        logger,
      );
      response.headers.set('Allow', allowed.join(', '));
      return response;
    });
  }
  app.notFound((c) =>
    errorResponse(c, new ReverifyError('not_found', `No route for ${c.req.path}.`), logger),
  );
  app.onError((error, c) => errorResponse(c, error, logger));
  return app;
}
