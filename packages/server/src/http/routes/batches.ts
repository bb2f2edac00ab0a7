import { BatchIdSchema, CreateBatchRequestSchema, MessageLocaleSchema } from '@reverify/contract';
import { type Context, Hono } from 'hono';
import { z } from 'zod';
import { parseBatchCsv } from '../../batches/batch-csv.js';
import { ReverifyError } from '../../plugin/errors.js';
import { jsonBody } from '../body.js';
import type { AppEnv } from '../env.js';
import type { RouteContext } from '../route-context.js';
import { pathParam } from '../route-params.js';

/** Query options of a CSV batch upload: the JSON body's options as strings. */
const CsvBatchQuerySchema = z.strictObject({
  timeoutSeconds: z.coerce.number().int().optional(),
  sendMessage: z
    .enum(['true', 'false'])
    .transform((value) => value === 'true')
    .optional(),
  locale: MessageLocaleSchema.optional(),
});

/** The `:id` of a batch route; `batch_not_found` when it cannot be one. */
const batchId = (c: Context) =>
  pathParam(
    c,
    'id',
    BatchIdSchema,
    () => new ReverifyError('batch_not_found', 'No batch has this id.'),
  );

/** `/v1/batches`: batch reverification from JSON or CSV, its status and its CSV report. */
export function batchRoutes(context: RouteContext): Hono<AppEnv> {
  const { config, guards } = context;
  const { batches } = config;
  return new Hono<AppEnv>()
    .post('/', guards.uploadLimit, guards.secretKey, async (c) => {
      const type = c.req.header('Content-Type')?.toLowerCase() ?? '';
      const request = type.startsWith('text/csv')
        ? parseBatchCsv(await c.req.text(), CsvBatchQuerySchema.parse(c.req.query()))
        : CreateBatchRequestSchema.parse(await jsonBody(c));
      const created = await batches.create(request, context.originOf(c));
      return c.json(created, 202, { Location: created.statusUrl });
    })
    .get('/:id', guards.secretKey, async (c) => c.json(await batches.status(batchId(c))))
    .get('/:id/report', guards.secretKey, async (c) => {
      const id = batchId(c);
      const report = await batches.report(id);
      if (report.status === 'pending') {
        return c.json({ status: 'pending' }, 202, { 'Retry-After': '1' });
      }
      return c.body(report.csv, 200, {
        'Content-Type': 'text/csv; charset=utf-8',
        'Content-Disposition': `attachment; filename="${id}-report.csv"`,
      });
    })
    .post('/:id/report', guards.secretKey, async (c) =>
      c.json(await batches.refreshReport(batchId(c)), 202),
    );
}
