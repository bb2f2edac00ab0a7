import { createHash } from 'node:crypto';
import { readFile, stat } from 'node:fs/promises';
import { extname, join, normalize, sep } from 'node:path';

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.wasm': 'application/wasm',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.tflite': 'application/octet-stream',
  '.txt': 'text/plain; charset=utf-8',
};

/** Content-hashed names (`name.0123456789.ext`) never change and are cached for a year. */
const HASHED = /\.[0-9a-f]{8,}\.[a-z0-9]+$/;

/** Options of {@link serveStatic}. */
export interface StaticOptions {
  /** The folder served. */
  readonly directory: string;
  /** Serve `index.html` for unknown paths without an extension (single-page apps). */
  readonly spaFallback?: boolean;
  /** Extra headers on HTML answers (e.g. a Content-Security-Policy). */
  readonly htmlHeaders?: Readonly<Record<string, string>>;
}

async function fileAt(directory: string, relative: string): Promise<string | null> {
  const path = normalize(join(directory, relative));
  if (path !== directory && !path.startsWith(directory.endsWith(sep) ? directory : directory + sep))
    return null;
  const info = await stat(path).catch(() => null);
  if (info?.isDirectory()) return fileAt(directory, join(relative, 'index.html'));
  return info?.isFile() ? path : null;
}

/**
 * Answers GET/HEAD for files under `directory`: the precompressed `.br`
 * sibling when the client accepts brotli, `immutable` caching for
 * content-hashed names, ETag revalidation for the rest. `null` when no file
 * matches (the caller answers 404).
 */
export async function serveStatic(
  request: Request,
  relativePath: string,
  options: StaticOptions,
): Promise<Response | null> {
  if (request.method !== 'GET' && request.method !== 'HEAD') return null;
  let decoded: string;
  try {
    decoded = decodeURIComponent(relativePath);
  } catch {
    return null;
  }
  if (decoded.includes('\0')) return null;
  let path = await fileAt(options.directory, decoded);
  if (!path && options.spaFallback && !extname(decoded))
    path = await fileAt(options.directory, 'index.html');
  if (!path) return null;

  const extension = extname(path);
  const type = TYPES[extension] ?? 'application/octet-stream';
  const acceptsBrotli = /\bbr\b/.test(request.headers.get('Accept-Encoding') ?? '');
  const brotli = acceptsBrotli
    ? await stat(`${path}.br`).then(
        (s) => s.isFile(),
        () => false,
      )
    : false;
  const body = await readFile(brotli ? `${path}.br` : path);
  const etag = `"${createHash('sha1').update(body).digest('base64url')}"`;
  const headers: Record<string, string> = {
    'Content-Type': type,
    ETag: etag,
    Vary: 'Accept-Encoding',
    'Cache-Control': HASHED.test(path) ? 'public, max-age=31536000, immutable' : 'no-cache',
    'X-Content-Type-Options': 'nosniff',
    ...(brotli ? { 'Content-Encoding': 'br' } : {}),
    ...(extension === '.html' ? options.htmlHeaders : {}),
  };
  if (request.headers.get('If-None-Match') === etag)
    return new Response(null, { status: 304, headers });
  return new Response(request.method === 'HEAD' ? null : body, { status: 200, headers });
}
