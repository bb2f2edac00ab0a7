/**
 * The README's "Use it", followed in a browser as written: its step 1
 * command starts `reverify-server` in a fresh folder holding the README's
 * page (its HTML block as index.html, its JS block as reverify-page.js), its
 * step 2 enrolls with curl, and the page's `/api/reverify-token` (the
 * integrator's own route) does step 3. The packed install runs the same
 * steps with the published tarballs (scripts/packed-install.mjs).
 */
import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { readmeBlock, readmeSteps } from '../../scripts/readme-blocks.mjs';
import { expect, test } from './fixtures.js';

const here = dirname(fileURLToPath(import.meta.url));
const BIN = join(here, '../../packages/cli/dist/reverify-server.js');

let folder: string;
let server: ChildProcess;
let origin: string;

/** The README's shell steps of "Use it", talking to this test's server. */
let steps: { start: string; enroll: string; create: string };

/** A README shell block, run in the integrator's folder against this test's port. */
function sh(code: string): string {
  return execFileSync('bash', ['-euo', 'pipefail', '-c', code], {
    cwd: folder,
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
  });
}

test.beforeAll(async () => {
  const port = new URL(test.info().project.use.baseURL as string).port;
  origin = `http://127.0.0.1:${port}`;
  steps = readmeSteps(origin);
  folder = mkdtempSync(join(tmpdir(), 'reverify-readme-'));
  mkdirSync(join(folder, 'public'));
  const page = readmeBlock('Use it', 'html', 'reverify.iife.js');
  const script = page.match(/<script src="\/([a-z-]+\.js)"><\/script>/)?.[1];
  expect(script, 'the README page loads its own script').toBeTruthy();
  writeFileSync(
    join(folder, 'public/index.html'),
    `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>README page</title></head><body>\n${page}</body></html>\n`,
  );
  writeFileSync(join(folder, 'public', script as string), readmeBlock('Use it', 'js', 'Reverify.'));
  copyFileSync(join(here, '../../.cache/test-media/person-a.png'), join(folder, 'reference.jpg'));
  // `npx reverify-server` of an installed @reverify/cli is this workspace's bin.
  server = spawn(
    'bash',
    ['-c', steps.start.replace('npx reverify-server', `node ${JSON.stringify(BIN)}`)],
    { cwd: folder, env: { ...process.env, PORT: port }, stdio: 'ignore', detached: true },
  );
  await expect
    .poll(
      () =>
        fetch(`${origin}/reverify/v1/health`).then(
          (r) => r.status,
          () => 0,
        ),
      {
        timeout: 30_000,
      },
    )
    .toBe(200);
});

test.afterAll(() => {
  if (server?.pid) process.kill(-server.pid, 'SIGTERM');
  rmSync(folder, { recursive: true, force: true });
});

test('the README page, started and enrolled as written, reaches a decision under the CSP', async ({
  page,
}) => {
  const enrollment = JSON.parse(sh(steps.enroll));
  expect(enrollment).toMatchObject({ referenceId: 'customer-42', status: 'success' });
  // The integrator's route: README step 3, with the secret key step 2 exported.
  await page.route('**/api/reverify-token', async (route) => {
    const created = JSON.parse(sh(`${steps.enroll.split('\n')[0]}\n${steps.create}`));
    await route.fulfill({ json: { clientToken: created.clientToken } });
  });
  const logged: string[] = [];
  const errors: string[] = [];
  page.on('console', (message) => {
    logged.push(message.text());
    if (message.type() === 'error') errors.push(message.text());
  });
  await page.goto('/');
  const element = page.locator('reverify-capture');
  await expect(element.getByRole('button', { name: 'Start camera' })).toBeFocused();
  await page.keyboard.press('Enter');
  await expect(element.locator('[part~="result-approved"]')).toBeVisible({ timeout: 30_000 });
  expect(logged).toContain('reverify approved [selfie_match, liveness_passed]');
  // MediaPipe's start-up chatter (XNNPACK, GL) is debug output, not an error on the integrator's console.
  expect(errors).toEqual([]);
});
