import { describe, expect, it } from 'vitest';
import type { z } from 'zod';

/** One way to break a valid example, with the field path zod should blame. */
export interface InvalidCase {
  readonly why: string;
  readonly mutate: (valid: Record<string, unknown>) => unknown;
  /** The issue path zod must report (joined with `.`); `''` for the root. */
  readonly path: string;
}

/** Asserts that `schema` accepts `valid` and rejects every mutation at the named path. */
export function describeSchema(
  name: string,
  schema: z.ZodType,
  valid: Record<string, unknown>,
  invalid: readonly InvalidCase[],
): void {
  describe(name, () => {
    it('accepts a valid example', () => {
      const result = schema.safeParse(valid);
      expect(result.error?.issues).toBeUndefined();
      expect(result.success).toBe(true);
    });

    it.each(invalid.map((c) => [c.why, c] as const))('rejects %s', (_why, c) => {
      const result = schema.safeParse(c.mutate(JSON.parse(JSON.stringify(valid))));
      expect(result.success).toBe(false);
      const paths = result.error?.issues.map((issue) => issue.path.join('.')) ?? [];
      expect(paths).toContain(c.path);
    });
  });
}

/** Returns a copy of `value` without `key`. */
export function without(value: Record<string, unknown>, key: string): Record<string, unknown> {
  const { [key]: _dropped, ...rest } = value;
  return rest;
}
