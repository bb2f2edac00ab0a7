import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const bin = fileURLToPath(new URL('./reverify-calibrate.ts', import.meta.url));
const run = (...args: string[]) =>
  spawnSync(process.execPath, ['--import', 'tsx', '--conditions=@reverify/source', bin, ...args], {
    encoding: 'utf8',
  });

describe('reverify-calibrate', () => {
  it('prints its usage, not a stack trace, for a missing or absent folder', () => {
    for (const args of [[], ['/nonexistent/faces']]) {
      const { status, stderr } = run(...args);
      expect(status).toBe(2);
      expect(stderr).toMatch(/usage: reverify-calibrate <folder/);
      expect(stderr).not.toMatch(/\n\s+at /);
    }
  });
});
