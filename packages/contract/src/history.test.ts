import { describe, expect, it } from 'vitest';
import { ListReverificationsQuerySchema, PAGE_LIMITS } from './history.js';
import { describeSchema } from './schema-cases.test-helper.js';

describeSchema(
  'ListReverificationsQuerySchema',
  ListReverificationsQuerySchema,
  { referenceId: 'customer-42', status: 'completed', decision: 'approved', page: '2', limit: '50' },
  [
    { why: 'limit 0', mutate: (v) => ({ ...v, limit: '0' }), path: 'limit' },
    { why: 'limit 101', mutate: (v) => ({ ...v, limit: '101' }), path: 'limit' },
    { why: 'page 0', mutate: (v) => ({ ...v, page: '0' }), path: 'page' },
    { why: 'a fractional page', mutate: (v) => ({ ...v, page: '1.5' }), path: 'page' },
    { why: 'a non-numeric limit', mutate: (v) => ({ ...v, limit: 'ten' }), path: 'limit' },
    { why: 'an unknown status', mutate: (v) => ({ ...v, status: 'done' }), path: 'status' },
    { why: 'an unknown filter', mutate: (v) => ({ ...v, sort: 'asc' }), path: '' },
  ],
);

describe('ListReverificationsQuerySchema defaults', () => {
  it('reads query strings as numbers and fills page 1, limit 20', () => {
    expect(ListReverificationsQuerySchema.parse({})).toEqual({
      page: 1,
      limit: PAGE_LIMITS.default,
    });
    expect(ListReverificationsQuerySchema.parse({ page: '3', limit: '100' })).toMatchObject({
      page: 3,
      limit: 100,
    });
  });
});
