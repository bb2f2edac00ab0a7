/**
 * Writes the files the SDK loads at run time into `assets/` (git-ignored),
 * all derived from npm packages at build time, never downloaded:
 *
 * - `vision_bundle.mjs`: @mediapipe/tasks-vision's JS with its usage logger
 *   (a 60-second POST to a Google endpoint) switched off;
 * - the tasks-vision wasm loaders and binaries (SIMD and non-SIMD);
 * - `face_detection_short_range.tflite`: @mediapipe/face_detection's
 *   BlazeFace short-range model with TFLite metadata attached (see
 *   tflite-metadata.ts), which tasks-vision's FaceDetector requires.
 */
import { copyFileSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { attachTfliteMetadata, faceDetectorMetadata } from './tflite-metadata.js';

const require = createRequire(import.meta.url);
const here = dirname(fileURLToPath(import.meta.url));
const out = join(here, '..', 'assets');
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

function main(): void {
  mkdirSync(out, { recursive: true });
  const bundle = readFileSync(join(tasksVision, 'vision_bundle.mjs'), 'utf8');
  writeFileSync(
    join(out, 'vision_bundle.mjs'),
    withoutUsageLogger(bundle).replace(/\n\/\/# sourceMappingURL=.*$/m, ''),
  );
  for (const file of [
    'vision_wasm_internal.js',
    'vision_wasm_internal.wasm',
    'vision_wasm_nosimd_internal.js',
    'vision_wasm_nosimd_internal.wasm',
  ]) {
    copyFileSync(join(tasksVision, 'wasm', file), join(out, file));
  }
  const legacy = new Uint8Array(
    readFileSync(join(faceDetection, 'face_detection_short_range.tflite')),
  );
  writeFileSync(
    join(out, 'face_detection_short_range.tflite'),
    attachTfliteMetadata(legacy, faceDetectorMetadata()),
  );
  process.stdout.write(`assets written to ${out}\n`);
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) main();
