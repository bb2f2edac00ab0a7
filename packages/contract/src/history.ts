import { z } from 'zod';
import { ReferenceIdSchema } from './common.js';
import { DecisionSchema, ReverificationStatusSchema } from './lifecycle.js';
import { ReverificationSchema } from './reverification.js';

/** The default and largest page size of list endpoints. */
export const PAGE_LIMITS = { default: 20, max: 100 } as const;

const PageSchema = z.coerce.number().int().min(1).max(1_000_000).default(1);
const LimitSchema = z.coerce
  .number()
  .int()
  .min(1)
  .max(PAGE_LIMITS.max)
  .default(PAGE_LIMITS.default);

/**
 * Query of `GET /v1/reverifications` (history, newest first) and
 * `GET /v1/reviews` (the manual-review queue, oldest first).
 */
export const ListReverificationsQuerySchema = z.strictObject({
  referenceId: ReferenceIdSchema.optional(),
  status: ReverificationStatusSchema.optional(),
  decision: DecisionSchema.optional(),
  /** 1-based page number. */
  page: PageSchema,
  /** Items per page: 1–100, default 20. */
  limit: LimitSchema,
});

/** A history query; see {@link ListReverificationsQuerySchema}. */
export type ListReverificationsQuery = z.infer<typeof ListReverificationsQuerySchema>;

/** One page of reverifications with the total count of matches. */
export const ReverificationPageSchema = z.strictObject({
  data: z.array(ReverificationSchema),
  page: z.number().int().min(1),
  limit: z.number().int().min(1).max(PAGE_LIMITS.max),
  /** How many reverifications match the filters, over all pages. */
  total: z.number().int().min(0),
});

/** A page of reverifications; see {@link ReverificationPageSchema}. */
export type ReverificationPage = z.infer<typeof ReverificationPageSchema>;

/** Query of the `page` / `limit` pair alone (e.g. the review queue). */
export const PageQuerySchema = z.strictObject({ page: PageSchema, limit: LimitSchema });
