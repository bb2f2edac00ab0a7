import { z } from 'zod';
import {
  BatchIdSchema,
  MetadataSchema,
  ReferenceIdSchema,
  ReportIdSchema,
  TimeoutSecondsSchema,
  TimestampSchema,
} from './common.js';
import { EmailSchema, MessageLocaleSchema, PhoneNumberSchema } from './handoff.js';

/** The most records one batch may hold. */
export const MAX_BATCH_RECORDS = 10_000;

/** One person to invite: a JSON record, or one CSV row (`referenceId,phoneNumber,email`). */
export const BatchRecordSchema = z.strictObject({
  referenceId: ReferenceIdSchema,
  phoneNumber: PhoneNumberSchema.optional(),
  email: EmailSchema.optional(),
});

/** A batch record; see {@link BatchRecordSchema}. */
export type BatchRecord = z.infer<typeof BatchRecordSchema>;

/**
 * Body of `POST /v1/batches` (JSON; a CSV upload gives the same `records`
 * and takes the options as query parameters). Each referenceId appears once.
 */
export const CreateBatchRequestSchema = z
  .strictObject({
    records: z.array(BatchRecordSchema).min(1).max(MAX_BATCH_RECORDS),
    /** Seconds each invitation stays open. Default 21600 (the maximum). */
    timeoutSeconds: TimeoutSecondsSchema.optional(),
    metadata: MetadataSchema.optional(),
    /** Send each invitation link by SMS (phoneNumber) or email. */
    sendMessage: z.boolean().optional(),
    locale: MessageLocaleSchema.optional(),
  })
  .superRefine((body, context) => {
    const firstRow = new Map<string, number>();
    body.records.forEach((record, index) => {
      const first = firstRow.get(record.referenceId);
      if (first === undefined) {
        firstRow.set(record.referenceId, index);
        return;
      }
      context.addIssue({
        code: 'custom',
        path: ['records', index, 'referenceId'],
        message: `duplicate referenceId (first at records[${first}])`,
      });
    });
  });

/** A batch request; see {@link CreateBatchRequestSchema}. */
export type CreateBatchRequest = z.infer<typeof CreateBatchRequestSchema>;

/** Answer of `POST /v1/batches` (202). */
export const BatchCreatedSchema = z.strictObject({
  batchId: BatchIdSchema,
  /** `GET` it for {@link BatchStatusSchema}. */
  statusUrl: z.string().startsWith('/v1/batches/'),
  /** `GET` it for the CSV report (202 while it is being generated). */
  reportUrl: z.string().startsWith('/v1/batches/'),
});

/** A created batch; see {@link BatchCreatedSchema}. */
export type BatchCreated = z.infer<typeof BatchCreatedSchema>;

/** Where a batch stands: queued, processing in the background, completed. */
export const BatchProcessingStatusSchema = z.enum(['queued', 'processing', 'completed']);

/** Where a batch's CSV report stands. */
export const BatchReportStatusSchema = z.enum(['pending', 'ready']);

/** Answer of `GET /v1/batches/{id}`. */
export const BatchStatusSchema = z.strictObject({
  batchId: BatchIdSchema,
  status: BatchProcessingStatusSchema,
  totalRecords: z.number().int().min(1),
  /** Records handled so far, invited or failed. */
  recordsProcessed: z.number().int().min(0),
  /** Records that could not be invited (see the report's `error` column). */
  recordsFailed: z.number().int().min(0),
  createdAt: TimestampSchema,
  completedAt: TimestampSchema.nullable(),
  report: z.strictObject({
    status: BatchReportStatusSchema,
    generatedAt: TimestampSchema.nullable(),
  }),
});

/** A batch's status; see {@link BatchStatusSchema}. */
export type BatchStatus = z.infer<typeof BatchStatusSchema>;

/** The columns of a batch report, in order: one row per referenceId. */
export const BATCH_REPORT_COLUMNS = [
  'referenceId',
  'invitation',
  'error',
  'reverificationId',
  'status',
  'decision',
  'reasons',
  'messageChannel',
  'createdAt',
  'completedAt',
] as const;

/** Where a report stands, in the seed's words: `PENDING` while it is generated, then `READY`. */
export const ReportStatusSchema = z.enum(['PENDING', 'READY']);

/**
 * Answer of `POST /v1/report/reverify/{batchId}` (202), as SheerID's seed
 * answers it: the new report's id, `PENDING`, and where to follow it.
 */
export const ReportCreatedSchema = z.strictObject({
  id: ReportIdSchema,
  status: z.literal('PENDING'),
  /** `GET` it for {@link ReportSchema}. */
  statusUrl: z.string().startsWith('/v1/reports/'),
});

/** A created report; see {@link ReportCreatedSchema}. */
export type ReportCreated = z.infer<typeof ReportCreatedSchema>;

/**
 * A batch report (`GET /v1/reports/{id}`): who asked for it, where it
 * stands, and once `READY` the `retrievalUrl` that downloads its CSV
 * ({@link BATCH_REPORT_COLUMNS}). A report asked for while its batch runs
 * is generated when the batch completes; one asked for later holds the
 * decisions as they are then.
 */
export const ReportSchema = z.strictObject({
  id: ReportIdSchema,
  batchId: BatchIdSchema,
  status: ReportStatusSchema,
  /** Who asked for it: the `Reverify-Actor`, or the API key's name. */
  requester: z.string().min(1).max(200),
  createdAt: TimestampSchema,
  completedAt: TimestampSchema.nullable(),
  /** `GET` it for the CSV; `null` while `PENDING`. */
  retrievalUrl: z.string().startsWith('/v1/reports/').nullable(),
});

/** A batch report; see {@link ReportSchema}. */
export type Report = z.infer<typeof ReportSchema>;
