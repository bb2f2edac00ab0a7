/**
 * Builds the SDK into dist/:
 * - `reverify.js` (+ `define.js`): ESM for bundlers, Lit external so it is not duplicated;
 * - `reverify.iife.js`: one script-tag file with Lit inside, exposing `window.Reverify`;
 * - `handoff.html`: the page a handoff link opens on the phone;
 * - `types/`: declarations (tsc, run by the package's build script);
 * - a precompressed `.br` beside every JS and JSON file (the handler serves
 *   them), and `sri.json` with Subresource Integrity hashes of the
 *   script-tag build.
 *
 * The run-time assets (MediaPipe, the model) are `@reverify/sdk-assets`;
 * their content-hashed names, read from its manifest, are built in.
 */
import { createHash } from 'node:crypto';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'vite';
import { precompressAll } from '../../../scripts/precompress.mjs';
import { minifyCssLiterals } from './minify-css-literals.js';

const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, '..');
const dist = join(root, 'dist');

/** SHA-384 Subresource Integrity of a file, as `<script integrity>` wants it. */
function integrity(file: string): string {
  return `sha384-${createHash('sha384').update(readFileSync(file)).digest('base64')}`;
}

/** The content-hashed asset names of the installed `@reverify/sdk-assets`. */
function hashedAssetNames(): Record<string, string> {
  const manifest = createRequire(import.meta.url).resolve('@reverify/sdk-assets/manifest.json');
  return JSON.parse(readFileSync(manifest, 'utf8')) as Record<string, string>;
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
  const names = hashedAssetNames();
  const files = {
    visionBundle: names['vision_bundle.mjs'],
    wasmLoader: names['vision_wasm_internal.js'],
    wasmBinary: names['vision_wasm_internal.wasm'],
    wasmLoaderNoSimd: names['vision_wasm_nosimd_internal.js'],
    wasmBinaryNoSimd: names['vision_wasm_nosimd_internal.wasm'],
    faceModel: names['face_detection_short_range.tflite'],
  };
  for (const [key, value] of Object.entries(files))
    if (!value) throw new Error(`asset missing for ${key}; build @reverify/sdk-assets`);
  const define = { __REVERIFY_ASSET_FILES__: JSON.stringify(files) };
  const common = {
    configFile: false as const,
    logLevel: 'warn' as const,
    define,
    root,
    plugins: [minifyCssLiterals()],
  };
  const output = {
    outDir: dist,
    emptyOutDir: false,
    sourcemap: true,
    // Terser's extra passes take about 2 % more off than esbuild's minifier (the 25 KB budget).
    minify: 'terser' as const,
    terserOptions: {
      ecma: 2020 as const,
      toplevel: true,
      compress: { passes: 3 },
    },
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
      // Lit stays external (one copy per app); the contract's few zod-free constants are inlined.
      rollupOptions: { external: [/^lit($|\/)/, /^@lit\//] },
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
  precompressAll(dist, ['types']);
  writeFileSync(
    join(dist, 'sri.json'),
    `${JSON.stringify({ 'reverify.iife.js': scriptIntegrity }, null, 2)}\n`,
  );
  process.stdout.write(`built ${dist}\n`);
}

await main();
