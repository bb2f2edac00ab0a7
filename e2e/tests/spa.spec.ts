import { expect, test } from './fixtures.js';

test('a Vue app mounts the flow, gets the decision, and unmounting cleans up', async ({
  page,
  flow,
}) => {
  await page.goto('/spa/?ref=sandbox_approved');
  await page.click('#toggle');
  const recorded = await flow.waitFor((r) => r.success.length > 0);
  expect(recorded.success[0]).toMatchObject({
    decision: 'approved',
    referenceId: 'sandbox_approved',
  });
  await page.click('#toggle');
  await expect(page.locator('reverify-capture')).toHaveCount(0);

  // Mount again and unmount mid-flow: no callback after the unmount.
  await page.click('#toggle');
  await flow.waitFor((r) => r.events.filter((e) => e.type === 'camera_ready').length === 2);
  await page.click('#toggle');
  const before = await flow.recorded();
  await page.waitForTimeout(2000);
  expect(await flow.recorded()).toEqual(before);
  expect(before.error).toEqual([]);
});
