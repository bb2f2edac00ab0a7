// The README's code blocks, for the tests that run them as written
// (e2e/tests/readme.spec.ts, scripts/packed-install.mjs).
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const README = fileURLToPath(new URL('../README.md', import.meta.url));

/**
 * The fenced code blocks of one `## ` section of the README, in order, as
 * `{ lang, code }`. Throws when the section is missing, so a renamed
 * heading fails the test instead of testing nothing.
 */
export function readmeBlocks(section) {
  const text = readFileSync(README, 'utf8');
  const start = text.indexOf(`\n## ${section}\n`);
  if (start < 0) throw new Error(`README has no "## ${section}" section`);
  const next = text.indexOf('\n## ', start + 1);
  const body = text.slice(start, next < 0 ? undefined : next);
  return [...body.matchAll(/\n```([a-z]*)\n([\s\S]*?)\n```/g)].map((match) => ({
    lang: match[1],
    code: `${match[2]}\n`,
  }));
}

/** The one block of `lang` in `section` whose code contains `marker`; throws unless exactly one does. */
export function readmeBlock(section, lang, marker) {
  const found = readmeBlocks(section).filter(
    (block) => block.lang === lang && block.code.includes(marker),
  );
  if (found.length !== 1)
    throw new Error(`README "${section}": ${found.length} ${lang} blocks contain "${marker}"`);
  return found[0].code;
}
