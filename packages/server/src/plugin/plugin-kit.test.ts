import { readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

const src = resolve(dirname(fileURLToPath(import.meta.url)), '..');

/** Every module `entry` loads, transitively: local files (relative to src) and bare packages. */
function importGraph(entry: string): { files: Set<string>; packages: Set<string> } {
  const files = new Set<string>();
  const packages = new Set<string>();
  const visit = (file: string) => {
    const key = relative(src, file);
    if (files.has(key)) return;
    files.add(key);
    const { importedFiles } = ts.preProcessFile(readFileSync(file, 'utf8'), true, true);
    for (const { fileName } of importedFiles) {
      if (fileName.startsWith('.')) visit(resolve(dirname(file), fileName.replace(/\.js$/, '.ts')));
      else
        packages.add(
          fileName.startsWith('@')
            ? fileName.split('/').slice(0, 2).join('/')
            : (fileName.split('/')[0] as string),
        );
    }
  };
  visit(join(src, entry));
  return { files, packages };
}

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
