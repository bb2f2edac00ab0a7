import { readFileSync } from 'node:fs';
import { readmeBlock } from '../../scripts/readme-blocks.mjs';
import { expect, test } from './fixtures.js';

test('the README shows the React component the host mounts, word for word', () => {
  const mounted = readFileSync(new URL('../react/reverification.tsx', import.meta.url), 'utf8');
  expect(readmeBlock('Use it', 'tsx', 'useEffect')).toBe(mounted);
});

test('a React 19 app mounts the README component, gets the decision, and unmounting cleans up', async ({
  page,
  flow,
}) => {
  const warnings: string[] = [];
  page.on('console', (message) => {
    if (message.type() === 'warning' && message.text().startsWith('reverify'))
      warnings.push(message.text());
  });
  await page.goto('/react/?ref=sandbox_approved');
  await page.click('#toggle');
  const element = page.locator('reverify-capture');
  await element.getByRole('button', { name: 'Start camera' }).click();
  const recorded = await flow.waitFor((r) => r.success.length > 0);
  expect(recorded.success[0]).toMatchObject({
    decision: 'approved',
    referenceId: 'sandbox_approved',
  });
  await expect(element.locator('[part~="result-approved"]')).toBeVisible();
  await page.click('#toggle');
  await expect(element).toHaveCount(0);
  // Mount again and unmount mid-flow: the camera stops and no callback fires afterwards.
  await page.click('#toggle');
  await element.getByRole('button', { name: 'Start camera' }).click();
  // Live, or already past the capture: either way mid-flow.
  await expect(element).toHaveAttribute('state', /live|challenge|captured/, { timeout: 20_000 });
  await page.click('#toggle');
  await expect(element).toHaveCount(0);
  const before = await flow.recorded();
  await page.waitForTimeout(2000);
  expect(await flow.recorded()).toEqual(before);
  expect(warnings).toEqual([]);
});
