import { existsSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

const built = new URL('../dist/reverify.js', import.meta.url);

describe('server-side rendering safety', () => {
  it('imports the npm build in Node without touching window, document or navigator', async () => {
    expect(existsSync(built), 'run `pnpm build` first: this test loads dist/').toBe(true);
    expect(typeof (globalThis as { window?: unknown }).window).toBe('undefined');
    const sdk = await import(built.href);
    expect(typeof sdk.startReverification).toBe('function');
    expect(typeof sdk.preflight).toBe('function');
    expect(typeof sdk.ReverifyCaptureElement).toBe('function');
    expect(typeof (globalThis as { window?: unknown }).window).toBe('undefined');
    expect(typeof (globalThis as { document?: unknown }).document).toBe('undefined');
  });

  it('imports the sources in Node too', async () => {
    const sdk = await import('./index.js');
    expect(sdk.BUILT_IN_LOCALES).toEqual(['en', 'es', 'pt-BR']);
  });
});
