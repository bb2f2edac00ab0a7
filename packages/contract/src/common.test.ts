import { describe, expect, it } from 'vitest';
import { MetadataSchema, ReferenceIdSchema, TimestampSchema } from './common.js';

describe('ReferenceIdSchema', () => {
  it('accepts ids integrators use', () => {
    for (const id of ['42', 'customer_0001', 'ana.perez@example.com', 'c0ffee-uuid:1']) {
      expect(ReferenceIdSchema.safeParse(id).success, id).toBe(true);
    }
  });

  it('rejects control characters, spaces, non-ASCII and oversized ids', () => {
    for (const id of ['', 'a\nb', 'a b', 'ñandú', 'x'.repeat(129), '\u0000']) {
      expect(ReferenceIdSchema.safeParse(id).success, JSON.stringify(id)).toBe(false);
    }
  });
});

describe('TimestampSchema', () => {
  it('accepts UTC with milliseconds only', () => {
    expect(TimestampSchema.safeParse(new Date(0).toISOString()).success).toBe(true);
    expect(TimestampSchema.safeParse('2026-11-25T09:00:00Z').success).toBe(false);
    expect(TimestampSchema.safeParse('yesterday').success).toBe(false);
  });
});

describe('MetadataSchema', () => {
  it('rejects non-finite numbers and over-long keys', () => {
    expect(MetadataSchema.safeParse({ n: Number.POSITIVE_INFINITY }).success).toBe(false);
    expect(MetadataSchema.safeParse({ ['k'.repeat(41)]: 1 }).success).toBe(false);
    expect(MetadataSchema.safeParse({ ok: true, n: 1, s: 's' }).success).toBe(true);
  });
});
