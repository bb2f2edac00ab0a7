import { describe, expect, it } from 'vitest';
import { decodePageCursor, encodePageCursor } from './page-cursor.js';

describe('page cursors', () => {
  const position = { createdAt: '2026-12-03T06:00:00.000Z', id: 'rv_0123456789abcdefABCDEFGH' };

  it('round-trips a position through an opaque, URL-safe string', () => {
    const cursor = encodePageCursor(position);
    expect(cursor).toMatch(/^[A-Za-z0-9_-]+$/);
    expect(decodePageCursor(cursor)).toEqual(position);
  });

  it.each([
    ['not base64 of a position', 'bm90LWEtY3Vyc29y'],
    ['a bad timestamp', Buffer.from(`yesterday ${position.id}`).toString('base64url')],
    [
      'another kind of id',
      Buffer.from(`${position.createdAt} en_0123456789abcdefABCDEFGH`).toString('base64url'),
    ],
    ['extra parts', Buffer.from(`${position.createdAt} ${position.id} x`).toString('base64url')],
  ])('refuses %s with invalid_request', (_, cursor) => {
    expect(() => decodePageCursor(cursor)).toThrow(
      expect.objectContaining({ code: 'invalid_request' }),
    );
  });
});
