// Brotli files beside the build outputs (the handler serves `file.br` to
// browsers that accept it), shared by the SDK's and the assets' builds.
// The 13 MB wasm takes ~45 s at the highest setting, so results are cached
// by content hash across builds in .cache/brotli.
import { createHash } from 'node:crypto';
import {
  copyFileSync,
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  writeFileSync,
} from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { brotliCompressSync, constants } from 'node:zlib';

const cacheDirectory = fileURLToPath(new URL('../.cache/brotli', import.meta.url));

/**
 * Writes `file.br` at the highest brotli setting; the rarely used non-SIMD
 * wasm gets a faster one.
 *
 * @param {string} file
 */
export function precompress(file) {
  const bytes = readFileSync(file);
  const quality = file.includes('nosimd') ? 9 : 11;
  const key = `${createHash('sha256').update(bytes).digest('hex')}.q${quality}.br`;
  const cached = join(cacheDirectory, key);
  if (!existsSync(cached)) {
    mkdirSync(cacheDirectory, { recursive: true });
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

/**
 * Precompresses every JS, wasm, model and JSON file below `directory`,
 * skipping folders named in `skip`.
 *
 * @param {string} directory
 * @param {readonly string[]} [skip]
 */
export function precompressAll(directory, skip = []) {
  for (const entry of readdirSync(directory, { withFileTypes: true })) {
    const path = join(directory, entry.name);
    if (entry.isDirectory()) {
      if (!skip.includes(entry.name)) precompressAll(path, skip);
    } else if (/\.(js|mjs|wasm|tflite|json)$/.test(entry.name)) {
      precompress(path);
    }
  }
}
