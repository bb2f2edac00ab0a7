import type { Page } from '@playwright/test';
import { expect, test } from './fixtures.js';

/** The demo page never scrolls sideways: its content fits the window's width. */
async function fitsWidth(page: Page): Promise<void> {
  const overflow = await page.evaluate(
    () => document.documentElement.scrollWidth - document.documentElement.clientWidth,
  );
  expect(overflow, 'horizontal overflow in px').toBeLessThanOrEqual(0);
}

/** Starts the camera of the `<reverify-capture>` inside `stage` (the fake camera plays a real face). */
const startCamera = (page: Page, stage: string) =>
  page.locator(`${stage} reverify-capture`).getByRole('button', { name: 'Start camera' }).click();

// The real demo: the README's demo server (bin, SQLite file, sandbox provider, playground) and demo/dist under strict CSP.
test.describe('demo page', () => {
  test('enroll, reverify into manual review, then an operator approves on the Review tab', async ({
    page,
  }, testInfo) => {
    const person = `demo-${Date.now().toString(36)}`;
    await page.goto('/');
    await page.locator('#enroll-reference').fill(person);
    await startCamera(page, '#enroll-stage');
    await expect(page.locator('#enroll-result')).toHaveText(new RegExp(`Enrolled “${person}”`), {
      timeout: 30_000,
    });

    await page.getByRole('tab', { name: '2 · Reverify' }).click();
    await expect(page.locator('#reverify-reference')).toHaveValue(person);
    await page.locator('#outcome').selectOption('manual_review');
    await page.getByRole('button', { name: 'Start reverification' }).click();
    await startCamera(page, '#reverify-stage');
    await expect(page.locator('#verdict')).toHaveText(/manual review — selfie_unclear/, {
      timeout: 30_000,
    });
    await expect(page.locator('#log')).toContainText('onSuccess: manual_review');
    await expect(page.locator('#inbox')).toContainText(
      `reverification.completed → completed (manual_review) · ${person}`,
    );
    await page.screenshot({ path: testInfo.outputPath('reverify.png'), fullPage: true });

    await page.getByRole('tab', { name: '3 · Review' }).click();
    await page.locator('#queue button', { hasText: person }).click();
    for (const face of ['#face-reference', '#face-capture']) {
      await expect
        .poll(() => page.locator(face).evaluate((img: HTMLImageElement) => img.naturalWidth))
        .toBeGreaterThan(100);
    }
    await expect(page.locator('#case-facts')).toContainText(`${person} · rv_`);
    await page.locator('#notes').fill('Same person; new haircut.');
    await page.getByRole('button', { name: 'Approve' }).click();
    await expect(page.locator('#review-result')).toHaveText(/Decided: approved/);
    // Who looked at which image, then who decided: the reviewer named on the page, never the images.
    const audit = page.locator('#audit li');
    await expect(audit).toHaveCount(3);
    const viewed = /demo-operator@example\.com images_viewed · (reference|capture)$/;
    expect(await audit.allTextContents()).toEqual([
      expect.stringMatching(viewed),
      expect.stringMatching(viewed),
      expect.stringMatching(/review_decided/),
    ]);
    await expect(audit.nth(2)).toContainText(
      'demo-operator@example.com review_decided → approved · Same person; new haircut.',
    );
    await expect(page.locator('#queue')).not.toContainText(person);
    await expect(page.locator('#history')).toContainText(`${person} completed (approved)`);
    await page.screenshot({ path: testInfo.outputPath('review.png'), fullPage: true });
    await fitsWidth(page);

    // A second decision on the same reverification is a conflict, shown as such.
    await page.getByRole('button', { name: 'Reject' }).click();
    await expect(page.locator('#review-result')).toHaveText(/^illegal_transition: /);
    await expect(audit).toHaveCount(3);
  });

  test('texts a handoff link to the development inbox; the phone finishes the desktop flow', async ({
    page,
    context,
  }) => {
    const person = `sandbox_approved`;
    await page.goto('/');
    await page.getByRole('tab', { name: '2 · Reverify' }).click();
    await page.locator('#reverify-reference').fill(person);
    await page.getByRole('button', { name: 'Continue on a phone' }).click();
    await expect(
      page.getByRole('img', { name: 'QR code of the link for your phone' }),
    ).toBeVisible();
    await page.locator('#phone').fill('+5511912345678');
    await page.getByRole('button', { name: 'Send' }).click();
    await expect(page.locator('#log')).toContainText('link sent by sms to +55');
    const message = page.locator('#messages li').first();
    await expect(message).toContainText('sms → +55');
    await expect(message).toContainText('5678');
    await expect(message).not.toContainText('+5511912345678');
    const link = await message.getByRole('link', { name: 'open link' }).getAttribute('href');
    expect(link).toMatch(/\/sdk\/handoff\.html#rvh_/);

    const phone = await context.newPage();
    await phone.setViewportSize({ width: 390, height: 844 });
    await phone.goto(link as string);
    await phone.locator('reverify-capture').getByRole('button', { name: 'Start camera' }).click();
    await expect(phone.getByRole('status')).toHaveText(/All done/, { timeout: 30_000 });
    await expect(page.locator('#verdict')).toHaveText(/approved — selfie_match/, {
      timeout: 15_000,
    });
  });

  for (const viewport of [
    { name: 'phone', width: 390, height: 844 },
    { name: 'desktop', width: 1280, height: 800 },
  ]) {
    test(`every tab fits a ${viewport.name}-sized window`, async ({ page }, testInfo) => {
      await page.setViewportSize(viewport);
      await page.goto('/');
      for (const tab of ['1 · Enroll', '2 · Reverify', '3 · Review']) {
        await page.getByRole('tab', { name: tab }).click();
        await expect(page.getByRole('tab', { name: tab })).toHaveAttribute('aria-selected', 'true');
        await fitsWidth(page);
        await page.screenshot({
          path: testInfo.outputPath(`${viewport.name}-${tab.slice(4).toLowerCase()}.png`),
          fullPage: true,
        });
      }
    });
  }
});
