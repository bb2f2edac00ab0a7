import type { Page } from '@playwright/test';
import { expect, type Recorded, test } from './fixtures.js';

/** Fails on CSP violations of a page the fixture does not guard (the phone's). */
async function guard(page: Page): Promise<() => Promise<string[]>> {
  await page.addInitScript(() => {
    (window as unknown as { violations: string[] }).violations = [];
    document.addEventListener('securitypolicyviolation', (event) => {
      (window as unknown as { violations: string[] }).violations.push(
        `${event.violatedDirective} ${event.blockedURI}`,
      );
    });
  });
  return () => page.evaluate(() => (window as unknown as { violations: string[] }).violations);
}

test.describe('cross-device handoff', () => {
  test('the desktop shows a link and QR code, the phone takes the selfie, the desktop gets onSuccess', async ({
    flow,
    page,
    context,
  }) => {
    await flow.enroll('e2e-handoff');
    await page.goto(flow.path);
    await page.waitForFunction(
      () => typeof (window as unknown as { handoff?: unknown }).handoff === 'function',
    );
    await page.evaluate(() =>
      (window as unknown as { handoff: (o: unknown) => Promise<void> }).handoff({
        referenceId: 'e2e-handoff',
        sandboxOutcome: 'approved',
      }),
    );
    const handoff = page.locator('reverify-handoff');
    await expect(
      handoff.getByRole('img', { name: 'QR code of the link for your phone' }),
    ).toBeVisible();
    await expect(handoff.getByRole('status')).toHaveText(/Waiting for your phone/);
    const link = await handoff.locator('[part="link"]').inputValue();
    expect(link).toMatch(/\/sdk\/handoff\.html#rvh_[A-Za-z0-9]+$/);

    const phone = await context.newPage();
    const violations = await guard(phone);
    await phone.goto(link);
    // The one-time token leaves the address bar (and history) at once.
    await expect.poll(() => phone.url()).not.toContain('#');
    await phone.locator('reverify-capture').getByRole('button', { name: 'Start camera' }).click();
    await expect(phone.locator('.reverify-handoff-message')).toHaveText(/All done/, {
      timeout: 30_000,
    });
    await expect(phone.locator('[part~="result-approved"]')).toContainText('You’re verified');

    const recorded: Recorded = await flow.waitFor((r) => r.success.length + r.error.length > 0);
    expect(recorded.error).toEqual([]);
    expect(recorded.success).toEqual([
      expect.objectContaining({ decision: 'approved', referenceId: 'e2e-handoff' }),
    ]);
    await expect(handoff.getByRole('status')).toHaveText(/You’re verified/);
    expect(await violations()).toEqual([]);

    const replay = await context.newPage();
    await replay.goto(link);
    await expect(replay.getByRole('alert')).toHaveText(/already used/, { timeout: 15_000 });
  });

  test("startReverification({ phoneNumber }) texts the link (the VECU seed's options), and the phone finishes it", async ({
    flow,
    page,
    context,
    request,
  }) => {
    await flow.enroll('e2e-texted');
    // The seed's example number, written as a person writes it; sendMessage defaults to true.
    await flow.start({
      referenceId: 'e2e-texted',
      sandboxOutcome: 'approved',
      phoneNumber: '+1-555-123-4567',
    });
    const handoff = page.locator('reverify-handoff');
    await expect(handoff.getByText('We texted the link to +15•••••4567.')).toBeVisible();
    const { messages } = (await (await request.get('/test/messages')).json()) as {
      messages: { channel: string; to: string; link: string }[];
    };
    // The inbox keeps the newest message first.
    const [texted] = messages;
    expect(texted).toMatchObject({ channel: 'sms', to: '+15551234567' });
    const link = await handoff.locator('[part="link"]').inputValue();
    expect(texted?.link).toBe(link);

    const phone = await context.newPage();
    await phone.goto(link);
    await phone.locator('reverify-capture').getByRole('button', { name: 'Start camera' }).click();
    await expect(phone.locator('[part~="result-approved"]')).toContainText('You’re verified', {
      timeout: 30_000,
    });
    const recorded: Recorded = await flow.waitFor((r) => r.success.length + r.error.length > 0);
    expect(recorded.error).toEqual([]);
    expect(recorded.success).toEqual([
      expect.objectContaining({ decision: 'approved', referenceId: 'e2e-texted' }),
    ]);
  });

  test('the phone page explains a link without its token', async ({ context, baseURL }) => {
    const phone = await context.newPage();
    await phone.goto(`${baseURL}/sdk/handoff.html`);
    await expect(phone.getByRole('alert')).toHaveText(/link is incomplete/);
  });
});
