import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { TRUORA_EXPIRED_REASONS, TRUORA_REASON_MAP } from './truora/truora-reasons.js';
import { VECU_REASON_MAP } from './vecu/vecu-reasons.js';

const readme = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');

describe('server README', () => {
  it('documents every provider reason mapping, as the maps hold it', () => {
    for (const [theirs, ours] of [
      ...Object.entries(TRUORA_REASON_MAP),
      ...Object.entries(VECU_REASON_MAP),
      ...Object.keys(TRUORA_EXPIRED_REASONS).map((reason) => [reason, 'expired'] as const),
    ]) {
      expect(readme, theirs).toMatch(
        new RegExp(`\`${theirs.replaceAll('.', '\\.')}\`[^\\n]*\\|\\s*\`${ours}\`\\s*\\|`),
      );
    }
  });
});
