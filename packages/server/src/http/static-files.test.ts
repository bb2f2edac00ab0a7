import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { brotliCompressSync } from 'node:zlib';
import { afterAll, describe, expect, it } from 'vitest';
import { serveStatic } from './static-files.js';

const directory = mkdtempSync(join(tmpdir(), 'reverify-static-'));
mkdirSync(join(directory, 'assets'));
writeFileSync(join(directory, 'index.html'), '<!doctype html><title>app</title>');
writeFileSync(join(directory, 'app.js'), 'console.log("app")');
writeFileSync(join(directory, 'assets', 'model.0123456789.wasm'), Buffer.alloc(1000, 1));
writeFileSync(
  join(directory, 'assets', 'model.0123456789.wasm.br'),
  brotliCompressSync(Buffer.alloc(1000, 1)),
);
writeFileSync(join(tmpdir(), 'secret-outside.txt'), 'secret');
afterAll(() => rmSync(directory, { recursive: true, force: true }));

const get = (path: string, headers: Record<string, string> = {}) =>
  serveStatic(new Request(`http://x/${path}`, { headers }), path, {
    directory,
    spaFallback: true,
    htmlHeaders: { 'Content-Security-Policy': "default-src 'self'" },
  });

describe('serveStatic', () => {
  it('serves brotli to clients that accept it, with immutable caching for hashed names', async () => {
    const compressed = await get('assets/model.0123456789.wasm', { 'Accept-Encoding': 'gzip, br' });
    expect(compressed?.headers.get('Content-Encoding')).toBe('br');
    expect(compressed?.headers.get('Content-Type')).toBe('application/wasm');
    expect(compressed?.headers.get('Cache-Control')).toBe('public, max-age=31536000, immutable');
    expect((await compressed?.arrayBuffer())?.byteLength).toBeLessThan(100);
    const plain = await get('assets/model.0123456789.wasm');
    expect(plain?.headers.get('Content-Encoding')).toBeNull();
    expect((await plain?.arrayBuffer())?.byteLength).toBe(1000);
  });

  it('revalidates unhashed files with an ETag', async () => {
    const first = await get('app.js');
    expect(first?.headers.get('Cache-Control')).toBe('no-cache');
    expect(first?.headers.get('Content-Type')).toBe('text/javascript; charset=utf-8');
    const again = await get('app.js', { 'If-None-Match': first?.headers.get('ETag') ?? '' });
    expect(again?.status).toBe(304);
  });

  it('falls back to index.html for app routes and adds the HTML headers', async () => {
    const page = await get('enroll');
    expect(await page?.text()).toContain('<title>app</title>');
    expect(page?.headers.get('Content-Security-Policy')).toBe("default-src 'self'");
    expect(await get('missing.js')).toBeNull();
  });

  it('never leaves its folder', async () => {
    for (const path of [
      '../secret-outside.txt',
      '%2e%2e/secret-outside.txt',
      'assets/../../secret-outside.txt',
      '%00',
      '%E0%A4%A',
    ]) {
      const answer = await serveStatic(new Request('http://x/'), path, { directory });
      expect(answer, path).toBeNull();
    }
  });
});
