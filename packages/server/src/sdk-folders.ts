import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

/** The folder `folder` of the installed package `name`, or `null` when it is not installed. */
function installedFolder(name: string, folder: string): string | null {
  try {
    return join(dirname(createRequire(import.meta.url).resolve(`${name}/package.json`)), folder);
  } catch {
    return null;
  }
}

/**
 * The `dist/` folder of the installed `@reverify/sdk`, or `null` when it is
 * not installed (pass it as `sdkDirectory`).
 */
export function resolveSdkDirectory(): string | null {
  return installedFolder('@reverify/sdk', 'dist');
}

/**
 * The assets folder of the installed `@reverify/sdk-assets`, or `null` when
 * it is not installed (pass it as `assetsDirectory`).
 */
export function resolveAssetsDirectory(): string | null {
  return installedFolder('@reverify/sdk-assets', 'dist');
}
