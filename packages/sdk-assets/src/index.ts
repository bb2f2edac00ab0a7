/**
 * @packageDocumentation
 * The files `@reverify/sdk` loads at run time — MediaPipe's JS and
 * WebAssembly and the BlazeFace face model — self-hosted, content-hashed
 * (cache them forever) with a `.br` beside each. The handler serves them
 * under `/sdk/assets/`; an app that serves the SDK itself copies
 * {@link ASSETS_DIRECTORY} to the folder it passes as `assetsUrl`.
 * Node only.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/** The folder holding the assets and `manifest.json`. */
export const ASSETS_DIRECTORY: string = fileURLToPath(new URL('../dist/', import.meta.url));

/** Each asset's plain name → its content-hashed file name in {@link ASSETS_DIRECTORY}. */
export function assetManifest(): Readonly<Record<string, string>> {
  return JSON.parse(readFileSync(new URL('../dist/manifest.json', import.meta.url), 'utf8'));
}
