/**
 * Builds the SDK into dist/:
 * - `reverify.js` (+ `define.js`): ESM for bundlers, Lit external so it is not duplicated;
 * - `reverify.iife.js`: one script-tag file with Lit inside, exposing `window.Reverify`;
 * - `assets/`: MediaPipe JS, wasm and the face model, with content-hashed names
 *   (cache them forever) and a `manifest.json`;
 * - `types/`: declarations (tsc, run by the package's build script);
 * - a precompressed `.br` beside every JS, wasm, model and JSON file (the
 *   handler serves them), and `sri.json` with Subresource Integrity hashes
 *   of the script-tag build.
 */
import { createHash } from 'node:crypto';
import {
  copyFileSync,
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { basename, dirname, extname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { brotliCompressSync, constants } from 'node:zlib';
import { build } from 'vite';

const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, '..');
const dist = join(root, 'dist');
const assetsIn = join(root, 'assets');
const brotliCache = join(root, '../../.cache/brotli');

/**
 * Writes `file.br` at the highest brotli setting (the 13 MB wasm takes ~45 s,
 * so results are cached by content hash across builds). The rarely used
 * non-SIMD wasm gets a faster setting.
 */
function precompress(file: string): void {
  const bytes = readFileSync(file);
  const quality = file.includes('nosimd') ? 9 : 11;
  const key = `${createHash('sha256').update(bytes).digest('hex')}.q${quality}.br`;
  const cached = join(brotliCache, key);
  if (!existsSync(cached)) {
    mkdirSync(brotliCache, { recursive: true });
    const compressed = brotliCompressSync(bytes, {
      params: {
        [constants.BROTLI_PARAM_QUALITY]: quality,
        [constants.BROTLI_PARAM_LGWIN]: 24,
        [constants.BROTLI_PARAM_SIZE_HINT]: bytes.length,
      },
    });
    writeFileSync(cached, compressed);
  }
  copyFileSync(cached, `${file}.br`);
}

function precompressAll(directory: string): void {
  for (const entry of readdirSync(directory, { withFileTypes: true })) {
    const path = join(directory, entry.name);
    if (entry.isDirectory()) {
      if (entry.name !== 'types') precompressAll(path);
    } else if (/\.(js|mjs|wasm|tflite|json)$/.test(entry.name)) {
      precompress(path);
    }
  }
}

/** SHA-384 Subresource Integrity of a file, as `<script integrity>` wants it. */
function integrity(file: string): string {
  return `sha384-${createHash('sha384').update(readFileSync(file)).digest('base64')}`;
}

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

/**
 * `handoff.html`: the page a handoff link opens on the phone (served with the
 * SDK under `/sdk/`, or copied next to your own copy of the SDK). No inline
 * script or style, so it runs under the strict CSP; the script tag carries
 * its Subresource Integrity hash.
 */
function writeHandoffPage(scriptIntegrity: string): void {
  writeFileSync(
    join(dist, 'handoff.js'),
    `// The phone's side of a cross-device reverification (see openHandoffPage).\nReverify.openHandoffPage(document.getElementById('reverify'));\n`,
  );
  writeFileSync(
    join(dist, 'handoff.css'),
    'body{margin:0;min-height:100vh;display:grid;place-items:center;padding:16px;box-sizing:border-box;font-family:system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;background:#f3f4f6;color:#111827}' +
      '@media (prefers-color-scheme:dark){body{background:#030712;color:#f9fafb}}' +
      'main{width:100%;max-width:440px}.reverify-handoff-message{font-size:1.1rem;text-align:center;line-height:1.5}\n',
  );
  writeFileSync(
    join(dist, 'handoff.html'),
    `<!doctype html>
<html lang="en">
  <head>
    <meta charset="utf-8" />
    <meta name="viewport" content="width=device-width, initial-scale=1" />
    <meta name="referrer" content="no-referrer" />
    <title>Selfie check</title>
    <link rel="icon" href="data:," />
    <link rel="stylesheet" href="handoff.css" />
  </head>
  <body>
    <main id="reverify"></main>
    <script src="reverify.iife.js" integrity="${scriptIntegrity}"></script>
    <script src="handoff.js" integrity="${integrity(join(dist, 'handoff.js'))}"></script>
  </body>
</html>
`,
  );
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
  const output = {
    outDir: dist,
    emptyOutDir: false,
    sourcemap: true,
    minify: 'esbuild' as const,
    target: 'es2022',
  };

  await build({
    ...common,
    build: {
      ...output,
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
      ...output,
      lib: {
        entry: join(root, 'src/cdn.ts'),
        formats: ['iife'],
        name: 'Reverify',
        fileName: () => 'reverify.iife.js',
      },
      // A classic script has no import.meta; cdn.ts records the script's own URL instead.
      rolldownOptions: { transform: { define: { 'import.meta': '{}' } } },
    },
  });
  const scriptIntegrity = integrity(join(dist, 'reverify.iife.js'));
  writeHandoffPage(scriptIntegrity);
  precompressAll(dist);
  writeFileSync(
    join(dist, 'sri.json'),
    `${JSON.stringify({ 'reverify.iife.js': scriptIntegrity }, null, 2)}\n`,
  );
  process.stdout.write(`built ${dist}\n`);
}

await main();
