import { createHmac } from 'node:crypto';
import type { CDPSession, Page } from '@playwright/test';
import { expect, type Flow, lookAt, test } from './fixtures.js';

/** What onSuccess got, with the methods that decided it. */
interface Decided {
  decision: string;
  verifiedBy?: { method: string; assurance: string }[];
}

/**
 * Chromium's virtual authenticator (DevTools Protocol WebAuthn domain): a
 * platform authenticator with user verification, answering without a prompt.
 */
async function virtualAuthenticator(page: Page): Promise<{ cdp: CDPSession; id: string }> {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('WebAuthn.enable', { enableUI: false });
  const { authenticatorId } = await cdp.send('WebAuthn.addVirtualAuthenticator', {
    options: {
      protocol: 'ctap2',
      transport: 'internal',
      hasResidentKey: true,
      hasUserVerification: true,
      isUserVerified: true,
      automaticPresenceSimulation: true,
    },
  });
  return { cdp, id: authenticatorId };
}

const capture = (page: Page) => page.locator('reverify-capture');
const successes = async (flow: Flow) => (await flow.recorded()).success as unknown as Decided[];
const methodsOf = (decided: Decided | undefined) => decided?.verifiedBy?.map((use) => use.method);

/** A selfie approval, then "Add a passkey" on the result screen; resolves once the passkey is bound. */
async function enrolPasskey(flow: Flow, referenceId: string): Promise<void> {
  await flow.enroll(referenceId);
  await flow.start({ referenceId, offerFactors: ['passkey'] });
  await flow.waitFor((r) => r.success.length === 1);
  expect(methodsOf((await successes(flow))[0])).toEqual(['selfie']);
  await capture(flow.page).locator('[part~="add-passkey-button"]').click();
  await flow.waitFor((r) => r.events.some((e) => e.type === 'factor_added'));
  await expect(capture(flow.page).locator('[part="factors"] .added')).toHaveText('✓ Passkey added');
  const factors = await (await flow.api.get(`/test/factors/${referenceId}`)).json();
  expect(factors.passkeys).toHaveLength(1);
}

/**
 * The code an authenticator app shows for `secret` (base32) at time step
 * `step`: RFC 6238 with SHA-1, 6 digits, 30 s, written from the RFC here so
 * it checks the handler's library instead of repeating it.
 */
function totpCode(secret: string, step: number): string {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
  const bits = [...secret].map((c) => alphabet.indexOf(c).toString(2).padStart(5, '0')).join('');
  const key = Buffer.from(bits.match(/.{8}/g)?.map((byte) => Number.parseInt(byte, 2)) ?? []);
  const counter = Buffer.alloc(8);
  counter.writeBigUInt64BE(BigInt(step));
  const hmac = createHmac('sha1', key).update(counter).digest();
  const offset = (hmac[19] as number) & 0xf;
  return String((hmac.readUInt32BE(offset) & 0x7fffffff) % 1_000_000).padStart(6, '0');
}

/** The handler's current TOTP time step (its clock may run ahead: the expiry tests move it). */
async function serverStep(flow: Flow): Promise<number> {
  const { now } = await (await flow.api.get('/test/clock')).json();
  return Math.floor(now / 30_000);
}

test.describe('reverification methods', () => {
  test('a passkey added after an approved selfie reverifies alone, without the camera', async ({
    flow,
    page,
  }) => {
    const authenticator = await virtualAuthenticator(page);
    await enrolPasskey(flow, 'e2e-passkey');
    const { credentials } = await authenticator.cdp.send('WebAuthn.getCredentials', {
      authenticatorId: authenticator.id,
    });
    expect(credentials).toHaveLength(1);

    await flow.start({ referenceId: 'e2e-passkey', session: { methods: 'passkey or selfie' } });
    const buttons = capture(page).locator('[part~="method-button"]');
    await expect(buttons).toHaveCount(2);
    await expect(buttons.first()).toHaveAttribute('part', /method-passkey/);
    await expect(capture(page)).toHaveAttribute('state', 'methods');
    await lookAt(page, 'methods');
    await buttons.first().click();
    await flow.waitFor((r) => r.success.length === 1);
    const [decided] = await successes(flow);
    expect(decided?.decision).toBe('approved');
    expect(decided?.verifiedBy).toEqual([
      expect.objectContaining({ method: 'passkey', assurance: 'device_user_verification' }),
    ]);
    await expect(capture(page).locator('[part~="result-approved"] h2')).toHaveText(
      'You’re verified',
    );
    expect(
      await page.evaluate(() => (window as unknown as { streams: unknown[] }).streams),
    ).toEqual([]);
  });

  test('a reverification that needs "selfie and passkey" takes both', async ({ flow, page }) => {
    await virtualAuthenticator(page);
    await enrolPasskey(flow, 'e2e-step-up');

    await flow.start({ referenceId: 'e2e-step-up', session: { methods: 'selfie and passkey' } });
    const buttons = capture(page).locator('[part~="method-button"]');
    // The selfie comes after the passkey, so only the passkey is offered first.
    await expect(buttons).toHaveCount(1);
    await buttons.first().click();
    await flow.waitFor((r) => r.events.some((e) => e.type === 'camera_ready'));
    await flow.waitFor((r) => r.success.length === 1);
    const [decided] = await successes(flow);
    expect(decided?.decision).toBe('approved');
    expect(methodsOf(decided)).toEqual(['passkey', 'selfie']);
  });

  test('an authenticator app set up after a selfie (QR and key) reverifies with its next code', async ({
    flow,
    page,
  }) => {
    await flow.enroll('e2e-totp');
    await flow.start({ referenceId: 'e2e-totp', offerFactors: ['totp'] });
    await flow.waitFor((r) => r.success.length === 1);
    const factors = capture(page).locator('[part="factors"]');
    await factors.locator('[part~="add-totp-button"]').click();
    await expect(
      factors.getByRole('img', { name: 'QR code for your authenticator app' }),
    ).toBeVisible();
    const secret = (await factors.locator('code').textContent()) ?? '';
    expect(secret).toMatch(/^[A-Z2-7]{16,}$/);
    const step = await serverStep(flow);
    await factors.locator('[part="code-input"]').fill(totpCode(secret, step));
    await factors.locator('button[type="submit"]').click();
    await expect(factors.locator('.added')).toHaveText('✓ Authenticator app set up');

    await flow.start({ referenceId: 'e2e-totp', session: { methods: 'totp or selfie' } });
    await capture(page).locator('[part~="method-totp"]').click();
    // The code just used never works twice: the app's next one (one step ahead is accepted).
    await capture(page)
      .locator('[part="code-input"]')
      .fill(totpCode(secret, step + 1));
    await capture(page).locator('form button[type="submit"]').click();
    await flow.waitFor((r) => r.success.length === 1);
    expect(methodsOf((await successes(flow))[0])).toEqual(['totp']);
  });

  test('without the camera API the methods still come first, and the selfie goes to the camera app', async ({
    flow,
    page,
  }) => {
    await flow.enroll('e2e-no-camera');
    await flow.api.post('/test/contacts', {
      data: { referenceId: 'e2e-no-camera', email: 'no-camera@example.com' },
    });
    await flow.start(
      { referenceId: 'e2e-no-camera', session: { methods: 'selfie or email_code' } },
      { withoutCameraApi: true },
    );
    await expect(capture(page)).toHaveAttribute('state', 'methods');
    await capture(page).locator('[part~="method-selfie"]').click();
    await expect(capture(page)).toHaveAttribute('state', 'fallback');
  });

  test('the face detector loads while the consent screen shows, not while other methods are offered', async ({
    flow,
    page,
  }) => {
    await flow.enroll('e2e-consent-load');
    await flow.api.post('/test/contacts', {
      data: { referenceId: 'e2e-consent-load', email: 'consent-load@example.com' },
    });
    const wasmFetches = () =>
      page.evaluate(
        () =>
          performance.getEntriesByType('resource').filter((entry) => entry.name.endsWith('.wasm'))
            .length,
      );
    await flow.start({
      referenceId: 'e2e-consent-load',
      noConsent: false,
      session: { methods: 'selfie or email_code' },
    });
    await expect(capture(page)).toHaveAttribute('state', 'methods');
    await page.waitForTimeout(1000);
    expect(await wasmFetches()).toBe(0);
    await capture(page).locator('[part~="method-selfie"]').click();
    await expect(capture(page)).toHaveAttribute('state', 'consent');
    await expect.poll(wasmFetches).toBe(1);
    expect(
      await page.evaluate(() => (window as unknown as { streams: unknown[] }).streams),
    ).toEqual([]);
  });

  test('an SMS code from the inbox reverifies; a wrong one is said and changes nothing', async ({
    flow,
    page,
  }) => {
    await flow.enroll('e2e-sms');
    const contacts = await flow.api.post('/test/contacts', {
      data: { referenceId: 'e2e-sms', phoneNumber: '+55 11 91234-5678' },
    });
    expect(contacts.status()).toBe(200);
    await flow.start({ referenceId: 'e2e-sms', session: { methods: 'selfie or sms_code' } });
    const sms = capture(page).locator('[part~="method-sms_code"]');
    await expect(sms).toHaveText(/^Text a code to \+55•+5678$/);
    await sms.click();
    const input = capture(page).locator('[part="code-input"]');
    await expect(input).toBeFocused();
    await input.fill('000000');
    await capture(page).locator('form button[type="submit"]').click();
    await expect(capture(page).locator('[part="alert"]')).toHaveText(
      'That code isn’t right. Check it and try again.',
    );
    // The newest message, as the person reads it.
    const [message] = (await (await flow.api.get('/test/messages')).json()).messages as {
      text: string;
    }[];
    const code = message?.text.match(/\b(\d{6})\b/)?.[1];
    expect(code, JSON.stringify(message)).toMatch(/^\d{6}$/);
    await input.fill(code as string);
    await capture(page).locator('form button[type="submit"]').click();
    await flow.waitFor((r) => r.success.length === 1);
    expect(methodsOf((await successes(flow))[0])).toEqual(['sms_code']);
  });
});
