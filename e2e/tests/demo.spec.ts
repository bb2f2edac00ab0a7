import type { Page } from '@playwright/test';
import { axeViolations, expect, test } from './fixtures.js';

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
    await expect(page.locator('#enroll-result')).not.toContainText('en_');

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
    // A forced outcome has no real score: the facts say so instead of showing the sandbox's canned one.
    await expect(page.locator('#case-facts')).toContainText('forced by the sandbox picker');
    await expect(page.locator('#case-facts')).not.toContainText('0.66');
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

    // Decided: the case takes no second decision (the handler would refuse it as illegal_transition).
    await expect(page.getByRole('button', { name: 'Reject' })).toBeDisabled();
    await expect(page.getByRole('button', { name: 'Approve' })).toBeDisabled();
    expect(await axeViolations(page)).toEqual([]);
  });

  test('a reviewer key cannot run batches; the batch key can (scoped API keys)', async ({
    page,
  }) => {
    await page.goto('/');
    await page.getByRole('tab', { name: '3 · Review' }).click();
    await page.getByRole('button', { name: 'Batch with the reviewer key' }).click();
    await expect(page.locator('#key-result')).toHaveText(
      /^403 insufficient_scope: This key may not do this; it needs the scope batches\./,
    );
    await page.getByRole('button', { name: 'Batch with the batch key' }).click();
    await expect(page.locator('#key-result')).toHaveText(
      /^202: batch bat_\w+ queued with the batch key\./,
    );
    expect(await axeViolations(page)).toEqual([]);
  });

  test('after Enroll: factors and contacts; Reverify with "a code by email" approves by that code', async ({
    page,
  }) => {
    const person = `demo-code-${Date.now().toString(36)}`;
    await page.goto('/');
    await page.locator('#enroll-reference').fill(person);
    await startCamera(page, '#enroll-stage');
    await expect(page.locator('#enroll-result')).toHaveText(new RegExp(`Enrolled “${person}”`), {
      timeout: 30_000,
    });
    // Opened by IP address: the page offers the authenticator app and says where passkeys work.
    await expect(page.locator('#enroll-factors [part~="add-totp-button"]')).toBeVisible();
    await expect(page.locator('#enroll-factors [part~="add-passkey-button"]')).toHaveCount(0);
    await expect(page.locator('#passkey-note')).toContainText('http://localhost:');
    await page.locator('#contact-email').fill('person@example.com');
    await page.getByRole('button', { name: 'Save contacts' }).click();
    await expect(page.locator('#contacts-result')).toHaveText(/^Codes go to \S+@example\.com\.$/);

    await page.getByRole('tab', { name: '2 · Reverify' }).click();
    await page.locator('#methods').selectOption('selfie or sms_code or email_code');
    await page.getByRole('button', { name: 'Start reverification' }).click();
    const capture = page.locator('#reverify-stage reverify-capture');
    await expect(capture.locator('[part~="method-button"]')).toHaveCount(2);
    await capture.locator('[part~="method-email_code"]').click();
    const message = page.locator('#messages li').first();
    await expect(message).toContainText(/email → \S+@example\.com: code \d{6}/);
    const code = (await message.textContent())?.match(/code (\d{6})/)?.[1] ?? '';
    await capture.locator('[part="code-input"]').fill(code);
    await capture.locator('form button[type="submit"]').click();
    await expect(page.locator('#verdict')).toHaveText(/^approved/, { timeout: 15_000 });
    await expect(page.locator('#log')).toContainText('by email_code (channel_possession)');
    expect(await axeViolations(page)).toEqual([]);
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
    await expect(phone.locator('.reverify-handoff-message')).toHaveText(/All done/, {
      timeout: 30_000,
    });
    await expect(phone.locator('[part~="result-approved"]')).toContainText('You’re verified');
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
        expect(await axeViolations(page), tab).toEqual([]);
        await page.screenshot({
          path: testInfo.outputPath(`${viewport.name}-${tab.slice(4).toLowerCase()}.png`),
          fullPage: true,
        });
      }
    });
  }

  test('the keyboard alone: tabs follow the ARIA pattern, and Start leads into the flow', async ({
    page,
  }) => {
    await page.goto('/');
    const tab = (name: string) => page.getByRole('tab', { name });
    await tab('1 · Enroll').focus();
    // One tab in the Tab order; arrows, Home and End move and select.
    await expect(page.locator('[role="tab"][tabindex="0"]')).toHaveCount(1);
    await page.keyboard.press('ArrowRight');
    await expect(tab('2 · Reverify')).toBeFocused();
    await expect(tab('2 · Reverify')).toHaveAttribute('aria-selected', 'true');
    await expect(page.locator('#panel-reverify')).toBeVisible();
    await page.keyboard.press('End');
    await expect(tab('3 · Review')).toBeFocused();
    await page.keyboard.press('ArrowRight');
    await expect(tab('1 · Enroll')).toBeFocused();
    await page.keyboard.press('ArrowLeft');
    await expect(tab('3 · Review')).toBeFocused();
    await expect(page.locator('#review-placeholder')).toHaveText(
      /Nothing waits for review|Pick a reverification/,
    );
    await page.keyboard.press('Home');
    await page.keyboard.press('ArrowRight');
    await expect(page.locator('#log')).toContainText('No event yet');
    // A sandbox referenceId that is enrolled implicitly, so the flow waits at its consent screen.
    await page.locator('#reverify-reference').fill('sandbox_approved');
    await page.getByRole('button', { name: 'Start reverification' }).focus();
    await page.keyboard.press('Enter');
    // Focus moves into the flow: the next Enter opens the camera, no tabbing through the page.
    const element = page.locator('#reverify-stage reverify-capture');
    await expect(element.getByRole('button', { name: 'Start camera' })).toBeFocused();
    await page.keyboard.press('Enter');
    await expect(page.locator('#verdict')).toHaveText(/approved/, { timeout: 30_000 });
    await expect(element.locator('[part~="result-approved"]')).toBeVisible();
  });
});
