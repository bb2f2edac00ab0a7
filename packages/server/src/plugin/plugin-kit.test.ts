import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { importGraph as graphOf } from '../../../../scripts/import-graph.mjs';

const src = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const importGraph = (entry: string) => graphOf(src, entry);

describe('the plugin kit (@reverify/server/provider)', () => {
  it('loads no store, no SQLite, no image codec: only the contract, zod and Node built-ins', () => {
    const { files, packages } = importGraph('plugin/index.ts');
    expect([...files].filter((file) => !file.startsWith('plugin/'))).toEqual([]);
    expect([...packages].filter((name) => !name.startsWith('node:')).sort()).toEqual([
      '@reverify/contract',
      'zod',
    ]);
  });

  it('is all the built-in providers import from the handler', () => {
    for (const entry of [
      'providers/sandbox-provider.ts',
      'providers/truora/truora-provider.ts',
      'providers/vecu/vecu-provider.ts',
    ]) {
      const { files, packages } = importGraph(entry);
      const outside = [...files].filter(
        (file) => !file.startsWith('plugin/') && !file.startsWith('providers/'),
      );
      expect({ entry, outside }).toEqual({ entry, outside: [] });
      for (const heavy of ['better-sqlite3', 'kysely', 'sharp', 'hono', 'file-type'])
        expect(packages.has(heavy), `${entry} loads ${heavy}`).toBe(false);
    }
  });
});
