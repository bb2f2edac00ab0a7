import {
  BatchIdSchema,
  CreateBatchRequestSchema,
  MessageLocaleSchema,
  ReportIdSchema,
} from '@reverify/contract';
import { type Context, Hono } from 'hono';
import { z } from 'zod';
import { parseBatchCsv } from '../../batches/batch-csv.js';
import { ReverifyError } from '../../plugin/errors.js';
import { actorOf } from '../actor.js';
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

/** The `:id` of a report route; `report_not_found` when it cannot be one. */
const reportId = (c: Context) =>
  pathParam(
    c,
    'id',
    ReportIdSchema,
    () => new ReverifyError('report_not_found', 'No report has this id.'),
  );

/** A CSV download, or `202` with `Retry-After` while it is being generated. */
function csvDownload(c: Context, csv: string | null, name: string) {
  if (csv === null) return c.json({ status: 'pending' }, 202, { 'Retry-After': '1' });
  return c.body(csv, 200, {
    'Content-Type': 'text/csv; charset=utf-8',
    'Content-Disposition': `attachment; filename="${name}.csv"`,
  });
}

/**
 * Batch reports as resources of their own, as SheerID's seed has them:
 * `POST /v1/report/reverify/{batchId}` → `{ id, status: PENDING, statusUrl }`,
 * `GET /v1/reports/{id}` (with `requester` and, once `READY`, `retrievalUrl`),
 * `GET /v1/reports/{id}/download` for the CSV.
 */
export function reportRoutes(context: RouteContext): Hono<AppEnv> {
  const { config, guards } = context;
  const { batches } = config;
  return new Hono<AppEnv>()
    .post('/report/reverify/:id', guards.scoped('batches'), async (c) => {
      const created = await batches.requestReport(batchId(c), actorOf(c));
      return c.json(created, 202, { Location: created.statusUrl });
    })
    .get('/reports/:id', guards.scoped('batches'), async (c) =>
      c.json(await batches.getReport(reportId(c))),
    )
    .get('/reports/:id/download', guards.scoped('batches'), async (c) => {
      const id = reportId(c);
      return csvDownload(c, await batches.reportCsv(id), id);
    });
}

/** `/v1/batches`: batch reverification from JSON or CSV, its status and its CSV report. */
export function batchRoutes(context: RouteContext): Hono<AppEnv> {
  const { config, guards } = context;
  const { batches } = config;
  return new Hono<AppEnv>()
    .post('/', guards.uploadLimit, guards.scoped('batches'), async (c) => {
      const type = c.req.header('Content-Type')?.toLowerCase() ?? '';
      const request = type.startsWith('text/csv')
        ? parseBatchCsv(await c.req.text(), CsvBatchQuerySchema.parse(c.req.query()))
        : CreateBatchRequestSchema.parse(await jsonBody(c));
      const created = await batches.create(request, context.originOf(c));
      return c.json(created, 202, { Location: created.statusUrl });
    })
    .get('/:id', guards.scoped('batches'), async (c) => c.json(await batches.status(batchId(c))))
    .get('/:id/report', guards.scoped('batches'), async (c) => {
      const id = batchId(c);
      const report = await batches.report(id);
      return csvDownload(c, report.status === 'ready' ? report.csv : null, `${id}-report`);
    })
    .post('/:id/report', guards.scoped('batches'), async (c) =>
      c.json(await batches.refreshReport(batchId(c)), 202),
    );
}
