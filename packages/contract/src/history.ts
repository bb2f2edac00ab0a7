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
 * How far a page's `total` counts: past it, `total` is this number and
 * `totalIsLowerBound` is true, so no page costs a count of the whole table.
 */
export const TOTAL_COUNT_CAP = 10_000;

/** The `nextCursor` of an earlier page: opaque, URL-safe. */
const CursorSchema = z.string().regex(/^[A-Za-z0-9_-]{1,300}$/, 'not a cursor this API gave');

/** The paging fields: a page number (offset), or a cursor (keyset, as deep as you like at one cost). */
const paging = {
  /** 1-based page number; with `cursor`, leave it out. */
  page: PageSchema,
  /** Items per page: 1–100, default 20. */
  limit: LimitSchema,
  /** Continue after the page that answered this `nextCursor`. */
  cursor: CursorSchema.optional(),
};

const notBoth = (query: { page: number; cursor?: string | undefined }) =>
  query.cursor === undefined || query.page === 1;
const NOT_BOTH = { message: 'Give a page number or a cursor, not both.', path: ['cursor'] };

/**
 * Query of `GET /v1/reverifications` (history, newest first) and
 * `GET /v1/reviews` (the manual-review queue, oldest first).
 */
export const ListReverificationsQuerySchema = z
  .strictObject({
    referenceId: ReferenceIdSchema.optional(),
    status: ReverificationStatusSchema.optional(),
    decision: DecisionSchema.optional(),
    ...paging,
  })
  .refine(notBoth, NOT_BOTH);

/** A history query; see {@link ListReverificationsQuerySchema}. */
export type ListReverificationsQuery = z.infer<typeof ListReverificationsQuerySchema>;

/** One page of reverifications with the total count of matches. */
export const ReverificationPageSchema = z.strictObject({
  data: z.array(ReverificationSchema),
  page: z.number().int().min(1),
  limit: z.number().int().min(1).max(PAGE_LIMITS.max),
  /** How many reverifications match the filters, over all pages, up to {@link TOTAL_COUNT_CAP}. */
  total: z.number().int().min(0),
  /** True when more than {@link TOTAL_COUNT_CAP} match (`total` is then the cap). */
  totalIsLowerBound: z.boolean(),
  /** Pass as `cursor` for the next page; `null` on the last one. */
  nextCursor: z.string().nullable(),
});

/** A page of reverifications; see {@link ReverificationPageSchema}. */
export type ReverificationPage = z.infer<typeof ReverificationPageSchema>;

/** Query of the `page` / `limit` pair alone (e.g. the review queue). */
export const PageQuerySchema = z.strictObject(paging).refine(notBoth, NOT_BOTH);
