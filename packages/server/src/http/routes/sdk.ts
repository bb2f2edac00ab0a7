import { Hono } from 'hono';
import { ReverifyError } from '../../plugin/errors.js';
import { CONTENT_SECURITY_POLICY } from '../content-security-policy.js';
import type { AppEnv } from '../env.js';
import { serveStatic } from '../static-files.js';

/**
 * `/sdk/*`: the SDK, its script-tag build and its handoff page (from the
 * SDK's `dist/`) and, under `/sdk/assets/`, its run-time assets (from
 * `@reverify/sdk-assets`), all from the integrator's own origin:
 * content-hashed files cached forever, brotli when accepted. The handoff
 * page runs the camera flow, so it gets the strict Content-Security-Policy.
 */
export function sdkRoutes(
  sdkDirectory: string | null,
  assetsDirectory: string | null,
): Hono<AppEnv> {
  return new Hono<AppEnv>().on(['GET', 'HEAD'], '/*', async (c) => {
    const path = c.req.path.slice('/sdk/'.length);
    const asset = path.startsWith('assets/');
    const directory = asset ? assetsDirectory : sdkDirectory;
    const file = directory
      ? await serveStatic(c.req.raw, asset ? path.slice('assets/'.length) : path, {
          directory,
          htmlHeaders: {
            'Content-Security-Policy': CONTENT_SECURITY_POLICY,
            'Referrer-Policy': 'no-referrer',
          },
        })
      : null;
    if (!file) throw new ReverifyError('not_found', `No SDK file at ${c.req.path}.`);
    return file;
  });
}
