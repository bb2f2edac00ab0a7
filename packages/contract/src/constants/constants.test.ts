import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { importGraph } from '../../../../scripts/import-graph.mjs';
import * as root from '../index.js';
import * as constants from './index.js';

describe('@reverify/contract/constants', () => {
  it('loads no zod and nothing outside constants/', () => {
    const src = resolve(dirname(fileURLToPath(import.meta.url)), '..');
    const { files, packages } = importGraph(src, 'constants/index.ts');
    expect([...packages]).toEqual([]);
    expect([...files].every((file) => file.startsWith('constants/'))).toBe(true);
  });

  it('holds the same values the package root exports', () => {
    for (const [name, value] of Object.entries(constants)) {
      expect((root as Record<string, unknown>)[name], name).toBe(value);
    }
    expect(constants.isSettled('completed')).toBe(true);
    expect(constants.EVENT_TYPES).toEqual(root.EventTypeSchema.options);
  });
});
