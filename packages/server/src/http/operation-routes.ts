import {
  BatchIdSchema,
  CreateBatchRequestSchema,
  CreateHandoffRequestSchema,
  ListReverificationsQuerySchema,
  MessageLocaleSchema,
  OpenHandoffRequestSchema,
  PageQuerySchema,
  RestartReverificationRequestSchema,
  ReviewRequestSchema,
} from '@reverify/contract';
import type { Context, Hono, MiddlewareHandler } from 'hono';
import { z } from 'zod';
import { parseBatchCsv } from '../batches/batch-csv.js';
import type { BatchProcessor } from '../batches/batch-processor.js';
import type { ReverifyCore } from '../core/reverify-core.js';
import { ReverifyError } from '../errors.js';
import type { HandoffLinks } from '../handoff/handoff-links.js';
import { pathParam, reverificationIdParam } from './route-params.js';

/** What the operation routes need from the app that mounts them. */
export interface OperationRoutesConfig {
  // biome-ignore lint/suspicious/noExplicitAny: the app's Env type stays private to app.ts.
  readonly app: Hono<any>;
  /** Records a route's method for `405` answers. */
  readonly allow: (path: string, method: string) => void;
  readonly secretKey: MiddlewareHandler;
  readonly allowedOrigin: MiddlewareHandler;
  readonly jsonLimit: MiddlewareHandler;
  readonly uploadLimit: MiddlewareHandler;
  /** The caller's body as JSON (415 / 400 otherwise). */
  readonly jsonBody: (c: Context) => Promise<unknown>;
  /** The browser's session from its client token (`unauthorized` without one), rate-limited. */
  readonly clientSession: (
    c: Context,
    purpose?: 'follow' | 'capture',
  ) => ReturnType<ReverifyCore['openClientSession']>;
  readonly core: ReverifyCore;
  readonly handoffs: HandoffLinks;
  readonly batches: BatchProcessor;
  /** The handler's public origin, for links. */
  readonly originOf: (c: Context) => string;
}

/** Who is acting, from the `Reverify-Actor` header (your back office's operator id). */
const ActorSchema = z
  .string()
  .trim()
  .min(1)
  .max(200)
  .regex(/^[^\p{Cc}]+$/u, 'Reverify-Actor must be printable');

function actorOf(c: Context): string {
  const header = c.req.header('Reverify-Actor');
  return header === undefined ? 'api' : ActorSchema.parse(header);
}

/** The `:id` of a batch route; `batch_not_found` when it cannot be one. */
const batchId = (c: Context) =>
  pathParam(
    c,
    'id',
    BatchIdSchema,
    () => new ReverifyError('batch_not_found', 'No batch has this id.'),
  );

/** A JSON body that may be empty (all fields optional). */
async function optionalJson(c: Context, jsonBody: (c: Context) => Promise<unknown>) {
  return c.req.header('Content-Length') === '0' || !c.req.header('Content-Type') ? {} : jsonBody(c);
}

/** Query options of a CSV batch upload: the JSON body's options as strings. */
const CsvBatchQuerySchema = z.strictObject({
  timeoutSeconds: z.coerce.number().int().optional(),
  sendMessage: z
    .enum(['true', 'false'])
    .transform((value) => value === 'true')
    .optional(),
  locale: MessageLocaleSchema.optional(),
});

/**
 * The operations around single captures: history, the manual-review queue
 * and decisions, the audit trail and reviewer images, restarts, handoff
 * links, and batches.
 */
export function registerOperationRoutes(config: OperationRoutesConfig): void {
  const { app, allow, secretKey, allowedOrigin, jsonLimit, jsonBody, core, handoffs, batches } =
    config;

  allow('/v1/reverifications', 'GET');
  app.get('/v1/reverifications', secretKey, async (c) =>
    c.json(await core.listReverifications(ListReverificationsQuerySchema.parse(c.req.query()))),
  );

  allow('/v1/reviews', 'GET');
  app.get('/v1/reviews', secretKey, async (c) => {
    const page = PageQuerySchema.parse(c.req.query());
    return c.json(
      await core.listReverifications(
        { ...page, status: 'completed', decision: 'manual_review' },
        'oldest',
      ),
    );
  });

  allow('/v1/reverifications/:id/review', 'POST');
  app.post('/v1/reverifications/:id/review', jsonLimit, secretKey, async (c) => {
    const id = reverificationIdParam(c);
    const review = ReviewRequestSchema.parse(await jsonBody(c));
    return c.json(await core.reviewReverification(id, review));
  });

  allow('/v1/reverifications/:id/audit', 'GET');
  app.get('/v1/reverifications/:id/audit', secretKey, async (c) =>
    c.json({ entries: await core.auditTrail(reverificationIdParam(c)) }),
  );

  allow('/v1/reverifications/:id/images/:which', 'GET');
  app.get('/v1/reverifications/:id/images/:which', secretKey, async (c) => {
    const id = reverificationIdParam(c);
    const which = c.req.param('which');
    if (which !== 'capture' && which !== 'reference') {
      throw new ReverifyError('not_found', 'Ask for images/capture or images/reference.');
    }
    const image = await core.reviewImage(id, which, actorOf(c));
    return new Response(image.bytes as Uint8Array<ArrayBuffer>, {
      headers: {
        'Content-Type': `image/${image.format}`,
        // Biometric data: never cached, never sniffed, never framed elsewhere.
        'Cache-Control': 'no-store',
        'X-Content-Type-Options': 'nosniff',
        'Content-Security-Policy': "default-src 'none'; frame-ancestors 'none'",
      },
    });
  });

  allow('/v1/reverifications/:id/restart', 'POST');
  app.post('/v1/reverifications/:id/restart', jsonLimit, secretKey, async (c) => {
    const id = reverificationIdParam(c);
    const request = RestartReverificationRequestSchema.parse(await optionalJson(c, jsonBody));
    return c.json(await core.restartReverification(id, request, actorOf(c)), 201);
  });

  allow('/v1/reverifications/:id/handoff', 'POST');
  app.post('/v1/reverifications/:id/handoff', jsonLimit, secretKey, async (c) => {
    const id = reverificationIdParam(c);
    const request = CreateHandoffRequestSchema.parse(await optionalJson(c, jsonBody));
    return c.json(await handoffs.create(id, request, config.originOf(c)), 201, {
      'Cache-Control': 'no-store',
    });
  });

  allow('/v1/client/handoff', 'POST');
  // The desktop page asks for a link for its own reverification (no message: only your server sends those).
  app.post('/v1/client/handoff', allowedOrigin, async (c) => {
    const session = await config.clientSession(c, 'capture');
    return c.json(await handoffs.create(session.reverificationId, {}, config.originOf(c)), 201, {
      'Cache-Control': 'no-store',
    });
  });

  allow('/v1/client/handoff/open', 'POST');
  app.post('/v1/client/handoff/open', jsonLimit, allowedOrigin, async (c) => {
    const { handoffToken } = OpenHandoffRequestSchema.parse(await jsonBody(c));
    return c.json(await core.openHandoff(handoffToken), 200, { 'Cache-Control': 'no-store' });
  });

  allow('/v1/batches', 'POST');
  app.post('/v1/batches', config.uploadLimit, secretKey, async (c) => {
    const type = c.req.header('Content-Type')?.toLowerCase() ?? '';
    let request: z.infer<typeof CreateBatchRequestSchema>;
    if (type.startsWith('text/csv')) {
      const options = CsvBatchQuerySchema.parse(c.req.query());
      request = parseBatchCsv(await c.req.text(), options);
    } else {
      request = CreateBatchRequestSchema.parse(await jsonBody(c));
    }
    const created = await batches.create(request, config.originOf(c));
    return c.json(created, 202, { Location: created.statusUrl });
  });

  allow('/v1/batches/:id', 'GET');
  app.get('/v1/batches/:id', secretKey, async (c) => c.json(await batches.status(batchId(c))));

  allow('/v1/batches/:id/report', 'GET');
  allow('/v1/batches/:id/report', 'POST');
  app.get('/v1/batches/:id/report', secretKey, async (c) => {
    const id = batchId(c);
    const report = await batches.report(id);
    if (report.status === 'pending') {
      return c.json({ status: 'pending' }, 202, { 'Retry-After': '1' });
    }
    return c.body(report.csv, 200, {
      'Content-Type': 'text/csv; charset=utf-8',
      'Content-Disposition': `attachment; filename="${id}-report.csv"`,
      'Cache-Control': 'no-store',
    });
  });
  app.post('/v1/batches/:id/report', secretKey, async (c) =>
    c.json(await batches.refreshReport(batchId(c)), 202),
  );
}
