/** A fenced code block of the README. */
export interface ReadmeBlock {
  readonly lang: string;
  readonly code: string;
}
/** The fenced code blocks of one `## ` section of the README, in order. */
export function readmeBlocks(section: string): ReadmeBlock[];
/** The one block of `lang` in `section` whose code contains `marker`. */
export function readmeBlock(section: string, lang: string, marker: string): string;
/** The README's three shell steps of "Use it", talking to `origin`. */
export function readmeSteps(origin: string): { start: string; enroll: string; create: string };
