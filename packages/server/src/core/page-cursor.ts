import { ReverificationIdSchema } from '@reverify/contract';
import { ReverifyError } from '../plugin/errors.js';

/** Where a page ended: the last reverification's sort key. */
export interface PagePosition {
  readonly createdAt: string;
  readonly id: string;
}

/** The `nextCursor` for a page that ended at `position`: opaque, URL-safe. */
export function encodePageCursor(position: PagePosition): string {
  return Buffer.from(`${position.createdAt} ${position.id}`, 'utf8').toString('base64url');
}

/**
 * The position a cursor of {@link encodePageCursor} names.
 *
 * @throws `invalid_request` for a string no page answered.
 */
export function decodePageCursor(cursor: string): PagePosition {
  const [createdAt, id, ...rest] = Buffer.from(cursor, 'base64url').toString('utf8').split(' ');
  if (
    rest.length > 0 ||
    !createdAt ||
    !id ||
    Number.isNaN(Date.parse(createdAt)) ||
    !ReverificationIdSchema.safeParse(id).success
  ) {
    throw new ReverifyError('invalid_request', 'The cursor is not one this API gave.', {
      details: { field: 'cursor' },
    });
  }
  return { createdAt, id };
}
