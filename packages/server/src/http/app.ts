import { Hono } from 'hono';
import { ReverifyError } from '../plugin/errors.js';
import type { AppConfig, AppEnv } from './env.js';
import { errorResponse } from './errors.js';
import { corsForAllowedOrigins, originAndAddressGate } from './middleware/origin.js';
import { requestIdMiddleware } from './middleware/request-id.js';
import { requestLog } from './middleware/request-log.js';
import { securityHeaders } from './middleware/security-headers.js';
import { createRouteContext } from './route-context.js';
import { batchRoutes, reportRoutes } from './routes/batches.js';
import { clientRoutes } from './routes/client.js';
import { enrollmentRoutes, referenceRoutes } from './routes/enrollments.js';
import { clientMethodRoutes, factorRoutes, referenceFactorRoutes } from './routes/factors.js';
import { healthRoutes } from './routes/health.js';
import { providerRoutes } from './routes/providers.js';
import { reverificationRoutes } from './routes/reverifications.js';
import { reviewRoutes } from './routes/reviews.js';
import { sdkRoutes } from './routes/sdk.js';
import { webhookRoutes } from './routes/webhooks.js';
import { workflowRoutes } from './routes/workflows.js';

/**
 * Answers `405 method_not_allowed` (with `Allow`) for every path the app
 * routes, built from its route table so the two cannot drift apart. Call
 * after every route is registered.
 */
function answerOtherMethods(app: Hono<AppEnv>, config: AppConfig): void {
  const methods = new Map<string, Set<string>>();
  for (const route of app.routes) {
    if (route.method === 'ALL') continue;
    const set = methods.get(route.path) ?? new Set<string>();
    set.add(route.method);
    if (route.method === 'GET') set.add('HEAD');
    methods.set(route.path, set);
  }
  for (const [path, allowed] of methods) {
    const allow = [...allowed, 'OPTIONS'];
    app.all(path, (c) => {
      const response = errorResponse(
        c,
        new ReverifyError('method_not_allowed', `${c.req.method} is not allowed here.`, {
          details: { allow },
        }),
        config.logger,
      );
      response.headers.set('Allow', allow.join(', '));
      return response;
    });
  }
}

/**
 * The Hono application behind the handler: request ids, security headers,
 * the request log, CORS with an exact allowlist and rate limits around one
 * route module per resource, and the contract's error envelope on every
 * failure (404 and 405 included).
 */
export function createApp(config: AppConfig): Hono<AppEnv> {
  const context = createRouteContext(config);
  const app = new Hono<AppEnv>();
  app.use(requestIdMiddleware());
  app.use(securityHeaders());
  app.use(requestLog(config.logger));
  app.use(corsForAllowedOrigins(config.allowedOrigins));
  app.use(originAndAddressGate(config.allowedOrigins, config.trustProxy, context.limits));

  app.route('/v1/health', healthRoutes(context));
  app.route('/v1/enrollments', enrollmentRoutes(context));
  app.route('/v1/references', referenceRoutes(context));
  app.route('/v1/references', referenceFactorRoutes(context));
  app.route('/v1/reverifications', reverificationRoutes(context));
  app.route('/v1', reviewRoutes(context));
  app.route('/v1/client', clientRoutes(context));
  app.route('/v1/client', clientMethodRoutes(context));
  app.route('/v1/factors', factorRoutes(context));
  app.route('/v1/webhooks', webhookRoutes(context));
  app.route('/v1/providers', providerRoutes(context));
  app.route('/v1/batches', batchRoutes(context));
  app.route('/v1', reportRoutes(context));
  app.route('/v1/workflows', workflowRoutes(context));
  if (config.sdkDirectory || config.assetsDirectory) {
    app.route('/sdk', sdkRoutes(config.sdkDirectory, config.assetsDirectory));
  }

  answerOtherMethods(app, config);
  app.notFound((c) =>
    errorResponse(c, new ReverifyError('not_found', `No route for ${c.req.path}.`), config.logger),
  );
  app.onError((error, c) => errorResponse(c, error, config.logger));
  return app;
}

export type { AppConfig, AppEnv, RateLimitRule, RequestContext } from './env.js';
