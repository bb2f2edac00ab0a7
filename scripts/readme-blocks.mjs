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

/** The origin the README's commands talk to. */
const README_ORIGIN = 'http://localhost:8787';

/**
 * The three shell steps of the README's "Use it" (start reverify-server,
 * enroll, create a reverification), with the README's origin replaced by
 * `origin`, the test's own server. Throws when they are not those three.
 */
export function readmeSteps(origin) {
  const [start, enroll, create, ...more] = readmeBlocks('Use it')
    .filter((block) => block.lang === 'sh')
    .map((block) => block.code.replaceAll(README_ORIGIN, origin));
  if (
    more.length > 0 ||
    !start?.includes('reverify-server') ||
    !enroll?.includes('/v1/enrollments') ||
    !create?.includes('/v1/reverifications')
  )
    throw new Error('the README\'s "Use it" shell steps changed');
  return { start, enroll, create };
}
