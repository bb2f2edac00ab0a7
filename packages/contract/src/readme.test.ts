import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { CLIENT_ERROR_CODES, ERROR_CODES } from './errors.js';
import { TRANSITIONS } from './lifecycle.js';
import { REASON_CODES } from './reasons.js';

const readme = readFileSync(new URL('../README.md', import.meta.url), 'utf8');

describe('package README', () => {
  it('documents every error code with its status', () => {
    for (const [code, status] of Object.entries(ERROR_CODES)) {
      expect(readme, code).toMatch(new RegExp(`\\|\\s*\`${code}\`\\s*\\|\\s*${status}\\s*\\|`));
    }
    for (const code of CLIENT_ERROR_CODES) expect(readme, code).toContain(`\`${code}\``);
  });

  it('documents every reason code', () => {
    for (const code of Object.keys(REASON_CODES))
      expect(readme, code).toMatch(new RegExp(`\\|\\s*\`${code}\`\\s*\\|`));
  });

  it('documents every transition', () => {
    for (const rule of TRANSITIONS) {
      expect(readme, rule.event).toMatch(
        new RegExp(`\\|\\s*\`${rule.event}\`\\s*\\|\\s*\`${rule.to}\`\\s*\\|`),
      );
    }
  });
});
