import { ReverificationIdSchema } from '@reverify/contract';
import type { Context } from 'hono';
import type { z } from 'zod';
import { reverificationNotFound } from '../core/lifecycle.js';
import { ReverifyError } from '../plugin/errors.js';

/**
 * The path parameter `name`, checked by `schema`. An id that cannot exist
 * names nothing, so a malformed one fails with `notFound()` (e.g.
 * `reverification_not_found`); without `notFound` it is an
 * `invalid_request` naming the parameter.
 */
export function pathParam<T>(
  c: Context,
  name: string,
  schema: z.ZodType<T>,
  notFound?: () => ReverifyError,
): T {
  const parsed = schema.safeParse(c.req.param(name));
  if (parsed.success) return parsed.data;
  throw (
    notFound?.() ??
    new ReverifyError('invalid_request', `${name} is malformed.`, { details: { parameter: name } })
  );
}

/**
 * The `:id` of a reverification route.
 *
 * @throws `reverification_not_found` when it cannot be a reverification id.
 */
export function reverificationIdParam(c: Context): string {
  return pathParam(c, 'id', ReverificationIdSchema, reverificationNotFound);
}
