/**
 * Builds the SDK into dist/:
 * - `reverify.js` (+ `define.js`): ESM for bundlers, Lit external so it is not duplicated;
 * - `reverify.iife.js`: one script-tag file with Lit inside, exposing `window.Reverify`;
 * - `assets/`: MediaPipe JS, wasm and the face model, with content-hashed names
 *   (cache them forever) and a `manifest.json`;
 * - `types/`: declarations (tsc, run by the package's build script).
 */
import { createHash } from 'node:crypto';
import { copyFileSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { basename, dirname, extname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'vite';

const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, '..');
const dist = join(root, 'dist');
const assetsIn = join(root, 'assets');

function hashedAssets(): Record<string, string> {
  const out = join(dist, 'assets');
  mkdirSync(out, { recursive: true });
  const names: Record<string, string> = {};
  for (const file of readdirSync(assetsIn)) {
    const bytes = readFileSync(join(assetsIn, file));
    const hash = createHash('sha256').update(bytes).digest('hex').slice(0, 10);
    const ext = extname(file);
    const hashed = `${basename(file, ext)}.${hash}${ext}`;
    copyFileSync(join(assetsIn, file), join(out, hashed));
    names[file] = hashed;
  }
  writeFileSync(join(out, 'manifest.json'), `${JSON.stringify(names, null, 2)}\n`);
  return names;
}

async function main(): Promise<void> {
  rmSync(dist, { recursive: true, force: true });
  const names = hashedAssets();
  const files = {
    visionBundle: names['vision_bundle.mjs'],
    wasmLoader: names['vision_wasm_internal.js'],
    wasmBinary: names['vision_wasm_internal.wasm'],
    wasmLoaderNoSimd: names['vision_wasm_nosimd_internal.js'],
    wasmBinaryNoSimd: names['vision_wasm_nosimd_internal.wasm'],
    faceModel: names['face_detection_short_range.tflite'],
  };
  for (const [key, value] of Object.entries(files))
    if (!value) throw new Error(`asset missing for ${key}; run pnpm assets`);
  const define = { __REVERIFY_ASSET_FILES__: JSON.stringify(files) };
  const common = { configFile: false as const, logLevel: 'warn' as const, define, root };

  await build({
    ...common,
    build: {
      outDir: dist,
      emptyOutDir: false,
      sourcemap: true,
      minify: 'esbuild',
      target: 'es2022',
      lib: {
        entry: { reverify: join(root, 'src/index.ts'), define: join(root, 'src/define.ts') },
        formats: ['es'],
      },
      rollupOptions: { external: [/^lit($|\/)/, /^@lit\//, /^@reverify\/contract/] },
    },
  });
  await build({
    ...common,
    build: {
      outDir: dist,
      emptyOutDir: false,
      sourcemap: true,
      minify: 'esbuild',
      target: 'es2022',
      lib: {
        entry: join(root, 'src/cdn.ts'),
        formats: ['iife'],
        name: 'Reverify',
        fileName: () => 'reverify.iife.js',
      },
    },
  });
  process.stdout.write(`built ${dist}\n`);
}

await main();
