// What a TypeScript entry loads, transitively: its local files and the bare
// packages they import (type-only imports included). Tests use it to hold
// light entries light (the plugin kit, the contract's constants).
import { readFileSync } from 'node:fs';
import { dirname, relative, resolve } from 'node:path';
import ts from 'typescript';

/**
 * @param {string} root the folder `files` are relative to
 * @param {string} entry the entry file, relative to `root`
 * @returns {{ files: Set<string>, packages: Set<string> }}
 */
export function importGraph(root, entry) {
  const files = new Set();
  const packages = new Set();
  const visit = (file) => {
    const key = relative(root, file);
    if (files.has(key)) return;
    files.add(key);
    const { importedFiles } = ts.preProcessFile(readFileSync(file, 'utf8'), true, true);
    for (const { fileName } of importedFiles) {
      if (fileName.startsWith('.')) visit(resolve(dirname(file), fileName.replace(/\.js$/, '.ts')));
      else
        packages.add(
          fileName.startsWith('@')
            ? fileName.split('/').slice(0, 2).join('/')
            : fileName.split('/')[0],
        );
    }
  };
  visit(resolve(root, entry));
  return { files, packages };
}
