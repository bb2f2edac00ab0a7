import type { Page } from '@playwright/test';
import { expect, type Flow, lookAt, test } from './fixtures.js';

/** What the element's polite live region says now. */
const announced = (flow: Flow) =>
  flow.page.locator('reverify-capture').locator('[aria-live="polite"]').textContent();

/** The element that has focus, seen through the element's shadow root. */
const focused = (page: Page) =>
  page.evaluate(() => {
    const host = document.activeElement;
    const inner = host?.shadowRoot?.activeElement;
    return {
      host: host?.tagName.toLowerCase() ?? null,
      part: inner?.getAttribute('part') ?? null,
      tag: inner?.tagName.toLowerCase() ?? null,
    };
  });

test.describe('every end-user state', () => {
  test.beforeEach(async ({ flow }) => {
    await flow.enroll('e2e-person');
  });

  for (const [outcome, tone, title, retry] of [
    ['approved', 'approved', 'You’re verified', false],
    ['rejected', 'rejected', 'We couldn’t confirm it’s you', true],
    ['manual_review', 'review', 'We’re checking your photo', false],
  ] as const) {
    test(`a ${outcome} decision shows its own result, announced, with a next step`, async ({
      flow,
    }) => {
      await flow.start({ referenceId: 'e2e-person', sandboxOutcome: outcome });
      const element = flow.page.locator('reverify-capture');
      const result = element.locator(`[part~="result-${tone}"]`);
      await expect(result).toBeVisible({ timeout: 30_000 });
      await expect(result.getByRole('heading')).toHaveText(title);
      // A rejection or a review never looks like a success.
      if (tone !== 'approved') await expect(result).not.toContainText(/verified|✓|Done/);
      expect(await announced(flow)).toContain(title);
      // Focus goes to the next step: the retry button where there is one, else the result's heading.
      expect(await focused(flow.page)).toMatchObject({
        host: 'reverify-capture',
        tag: retry ? 'button' : 'h2',
      });
      await expect(element.locator('[part~="retry-button"]')).toHaveCount(retry ? 1 : 0);
      await lookAt(flow.page, `result-${outcome}`);
      if (retry) {
        // Never a dead end: a rejected person can try again, and gets a new decision.
        await element.locator('[part~="retry-button"]').click();
        await flow.waitFor((r) => r.success.length === 2);
        await expect(result).toBeVisible();
      }
    });
  }

  test('processing says what happens, announced, above a dimmed photo', async ({ flow }) => {
    await flow.start({ referenceId: 'e2e-person', sandboxOutcome: 'slow' });
    const status = flow.page.locator('reverify-capture').locator('[part~="status"]');
    await expect(status).toHaveText('Checking it’s you…', { timeout: 30_000 });
    expect(await announced(flow)).toBe('Checking it’s you…');
    await lookAt(flow.page, 'processing');
  });

  test('the keyboard alone goes from consent to a decision, and focus follows the flow', async ({
    flow,
  }) => {
    // A gate that never fires, so the manual capture is the way forward.
    await flow.start({
      referenceId: 'e2e-person',
      sandboxOutcome: 'approved',
      noConsent: false,
      quality: { holdMs: 1e9 },
    });
    const page = flow.page;
    const element = page.locator('reverify-capture');
    await lookAt(page, 'consent');
    await page.setViewportSize({ width: 390, height: 844 });
    // startReverification put focus on the consent's button.
    expect(await focused(page)).toMatchObject({ part: 'button start-button' });
    await page.keyboard.press('Enter');
    await expect(element).toHaveAttribute('state', 'live');
    expect((await focused(page)).host).toBe('reverify-capture');
    await expect.poll(() => announced(flow), { timeout: 6000 }).not.toBe('');
    await lookAt(page, 'live');
    const capture = element.locator('[part~="capture-button"]');
    await expect(capture).toBeVisible({ timeout: 15_000 });
    await lookAt(page, 'live-manual');
    // The instruction moves clear of the oval while the button shows at the bottom.
    const guidance = await element.locator('[part="guidance"]').boundingBox();
    const button = await capture.boundingBox();
    expect(guidance && button && guidance.y + guidance.height < button.y).toBe(true);
    await page.keyboard.press('Tab');
    expect(await focused(page)).toMatchObject({ part: 'button capture-button' });
    await page.keyboard.press('Enter');
    // A frame a check flags asks once more ("Take it anyway"); the button keeps focus.
    if ((await capture.filter({ hasText: 'anyway' }).count()) > 0)
      await page.keyboard.press('Enter');
    await expect(element.locator('[part~="result-approved"]')).toBeVisible({ timeout: 30_000 });
    expect(await focused(page)).toMatchObject({ tag: 'h2' });
  });

  test('an unknown person gets no retry loop, but what to do', async ({ flow }) => {
    await flow.start({ referenceId: 'e2e-nobody' });
    const recorded = await flow.waitFor((r) => r.error.length > 0);
    expect(recorded.error.map((e) => e.code)).toEqual(['enrollment_not_found']);
    const error = flow.page.locator('reverify-capture').locator('[part~="error"]');
    await expect(error).toContainText('Contact the site’s support team');
    await expect(error.locator('[part~="retry-button"]')).toHaveCount(0);
    await lookAt(flow.page, 'error-enrollment-not-found');
  });

  test('an offline browser is told so, and the retry works once it is back', async ({
    flow,
    context,
  }) => {
    await flow.page.goto(flow.path);
    await flow.page.waitForFunction(
      () => typeof (window as { start?: unknown }).start === 'function',
    );
    await context.setOffline(true);
    await flow.page.evaluate(() =>
      (window as unknown as { start: (o: unknown) => Promise<void> }).start({
        referenceId: 'e2e-person',
        sandboxOutcome: 'approved',
        publishableKey: 'pk_test_e2ee2ee2ee2ee2ee2ee2ee2ee2ee2ee2e',
      }),
    );
    const recorded = await flow.waitFor((r) => r.error.length > 0);
    expect(recorded.error.map((e) => e.code)).toEqual(['offline']);
    const error = flow.page.locator('reverify-capture').locator('[part~="error"]');
    await expect(error).toContainText('You’re offline');
    await lookAt(flow.page, 'error-offline');
    await context.setOffline(false);
    await error.locator('[part~="retry-button"]').click();
    await flow.waitFor((r) => r.success.length > 0);
  });
});

test('a page whose origin the handler refuses learns origin_not_allowed, not "offline"', async ({
  context,
  baseURL,
}) => {
  // The same server under another name (Chromium resolves any *.localhost to the loopback) is
  // another origin, which the handler does not allow.
  const handler = baseURL as string;
  const page = await context.newPage();
  const logged: string[] = [];
  page.on('console', (message) => {
    if (message.type() === 'error') logged.push(message.text());
  });
  await page.goto(
    `${handler.replace('127.0.0.1', 'refused.localhost')}/script-tag.html?connect=${encodeURIComponent(handler)}`,
  );
  await page.waitForFunction(() => typeof (window as { start?: unknown }).start === 'function');
  await page.evaluate(
    (endpoint) =>
      (window as unknown as { start: (o: unknown) => Promise<void> }).start({
        endpoint,
        referenceId: 'e2e-person',
        publishableKey: 'pk_test_e2ee2ee2ee2ee2ee2ee2ee2ee2ee2ee2e',
      }),
    handler,
  );
  await page.waitForFunction(
    () => (window as unknown as { results: { error: unknown[] } }).results.error.length > 0,
  );
  const errors = await page.evaluate(
    () => (window as unknown as { results: { error: { code: string }[] } }).results.error,
  );
  expect(errors.map((e) => e.code)).toEqual(['origin_not_allowed']);
  expect(logged.some((line) => line.includes('allowedOrigins'))).toBe(true);
  const error = page.locator('reverify-capture').locator('[part~="error"]');
  await expect(error).toContainText('isn’t set up for the selfie check');
  await expect(error.locator('[part~="retry-button"]')).toHaveCount(0);
  await lookAt(page, 'error-origin-not-allowed');
});
