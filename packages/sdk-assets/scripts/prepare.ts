/**
 * Builds the files the SDK loads at run time, all derived from npm packages
 * at build time, never downloaded:
 *
 * - `vision_bundle.mjs`: @mediapipe/tasks-vision's JS with its usage logger
 *   (a 60-second POST to a Google endpoint) switched off;
 * - the tasks-vision wasm loaders and binaries (SIMD and non-SIMD);
 * - `face_detection_short_range.tflite`: @mediapipe/face_detection's
 *   BlazeFace short-range model with TFLite metadata attached (see
 *   tflite-metadata.ts), which tasks-vision's FaceDetector requires.
 *
 * `raw/` (git-ignored) gets them under their plain names, for development
 * and the component tests; `dist/` (published) gets them content-hashed (cache
 * them forever), with `manifest.json` (plain name → hashed name) and a
 * precompressed `.br` beside each.
 */
import { createHash } from 'node:crypto';
import { copyFileSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { basename, dirname, extname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { precompressAll } from '../../../scripts/precompress.mjs';
import { attachTfliteMetadata, faceDetectorMetadata } from './tflite-metadata.js';

const require = createRequire(import.meta.url);
const here = dirname(fileURLToPath(import.meta.url));
const raw = join(here, '..', 'raw');
const dist = join(here, '..', 'dist');
const tasksVision = dirname(require.resolve('@mediapipe/tasks-vision'));
const faceDetection = dirname(require.resolve('@mediapipe/face_detection/package.json'));

/** Each edit must match exactly once, so a tasks-vision upgrade that moves the logger fails the build. */
const LOGGER_EDITS: readonly [string, string][] = [
  // The flush timer of the usage logger: never started.
  ['this.h=setInterval(()=>{this.flush()},6e4)', 'this.h=void 0'],
  // flush(): drop the queued events and report success without sending anything.
  ['flush(t,e){if(this.error)', 'flush(t,e){if(this.i=[],t?.(),1)return;if(this.error)'],
];

/** tasks-vision's bundle with the usage logger disabled. */
export function withoutUsageLogger(source: string): string {
  let patched = source;
  for (const [from, to] of LOGGER_EDITS) {
    const count = patched.split(from).length - 1;
    if (count !== 1)
      throw new Error(`tasks-vision logger patch: expected 1 match of ${from}, found ${count}`);
    patched = patched.replace(from, to);
  }
  return patched;
}

/** The files under their plain names, in `raw/`. */
function writeRaw(): void {
  mkdirSync(raw, { recursive: true });
  const bundle = readFileSync(join(tasksVision, 'vision_bundle.mjs'), 'utf8');
  writeFileSync(
    join(raw, 'vision_bundle.mjs'),
    withoutUsageLogger(bundle).replace(/\n\/\/# sourceMappingURL=.*$/m, ''),
  );
  for (const file of [
    'vision_wasm_internal.js',
    'vision_wasm_internal.wasm',
    'vision_wasm_nosimd_internal.js',
    'vision_wasm_nosimd_internal.wasm',
  ]) {
    copyFileSync(join(tasksVision, 'wasm', file), join(raw, file));
  }
  const legacy = new Uint8Array(
    readFileSync(join(faceDetection, 'face_detection_short_range.tflite')),
  );
  writeFileSync(
    join(raw, 'face_detection_short_range.tflite'),
    attachTfliteMetadata(legacy, faceDetectorMetadata()),
  );
}

/** The same files content-hashed in `dist/`, with `manifest.json` and brotli copies. */
function writeHashed(): void {
  rmSync(dist, { recursive: true, force: true });
  mkdirSync(dist, { recursive: true });
  const names: Record<string, string> = {};
  for (const file of readdirSync(raw).sort()) {
    const bytes = readFileSync(join(raw, file));
    const hash = createHash('sha256').update(bytes).digest('hex').slice(0, 10);
    const ext = extname(file);
    const hashed = `${basename(file, ext)}.${hash}${ext}`;
    copyFileSync(join(raw, file), join(dist, hashed));
    names[file] = hashed;
  }
  writeFileSync(join(dist, 'manifest.json'), `${JSON.stringify(names, null, 2)}\n`);
  precompressAll(dist);
}

function main(): void {
  writeRaw();
  writeHashed();
  process.stdout.write(`assets written to ${raw} and ${dist}\n`);
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) main();
