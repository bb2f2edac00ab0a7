/**
 * The files the SDK loads at run time from its assets folder: MediaPipe's
 * JS and wasm and the face model, all self-hosted (never a CDN).
 */
const SOURCE_ASSET_FILES = {
  visionBundle: 'vision_bundle.mjs',
  wasmLoader: 'vision_wasm_internal.js',
  wasmBinary: 'vision_wasm_internal.wasm',
  wasmLoaderNoSimd: 'vision_wasm_nosimd_internal.js',
  wasmBinaryNoSimd: 'vision_wasm_nosimd_internal.wasm',
  faceModel: 'face_detection_short_range.tflite',
};

/** Set by the build to the content-hashed names (so assets can be cached forever). */
declare const __REVERIFY_ASSET_FILES__: typeof SOURCE_ASSET_FILES | undefined;

/** The asset file names: content-hashed in a build, plain in development. */
export const ASSET_FILES: Readonly<typeof SOURCE_ASSET_FILES> =
  typeof __REVERIFY_ASSET_FILES__ === 'undefined' ? SOURCE_ASSET_FILES : __REVERIFY_ASSET_FILES__;

let scriptAssetsBase: string | undefined;

/**
 * Records where the script-tag build was loaded from, so that its assets
 * default to the `assets/` folder next to it. Called by the IIFE entry.
 */
export function setScriptAssetsBase(scriptUrl: string): void {
  scriptAssetsBase = new URL('./assets/', scriptUrl).href;
}

/**
 * The base URL of the assets: `assetsUrl` when given (relative to the page),
 * else the `assets/` folder next to the SDK script.
 */
export function resolveAssetsBase(assetsUrl?: string): URL {
  if (assetsUrl)
    return new URL(assetsUrl.endsWith('/') ? assetsUrl : `${assetsUrl}/`, document.baseURI);
  // In the script-tag build import.meta is empty; cdn.ts set scriptAssetsBase instead.
  const moduleUrl: string | undefined = import.meta.url;
  return new URL(scriptAssetsBase ?? new URL('./assets/', moduleUrl ?? document.baseURI).href);
}
