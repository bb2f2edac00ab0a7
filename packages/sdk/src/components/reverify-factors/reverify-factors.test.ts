import { expect, fixture, html } from '@open-wc/testing';
import type { ReverifyFactorsElement } from './reverify-factors.component.js';
import { defineReverifyFactors } from './reverify-factors.js';

defineReverifyFactors();

const text = (element: Element | null | undefined) =>
  element?.textContent?.replace(/\s+/g, ' ').trim() ?? '';

describe('<reverify-factors>', () => {
  it('offers a passkey and an authenticator app, accessibly', async () => {
    const element = await fixture<ReverifyFactorsElement>(
      html`<reverify-factors endpoint="http://127.0.0.1:9" client-token="rvc_aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"></reverify-factors>`,
    );
    const parts = [...(element.shadowRoot?.querySelectorAll('button') ?? [])].map((button) =>
      button.getAttribute('part'),
    );
    expect(parts).to.deep.equal(['button add-passkey-button', 'button add-totp-button']);
    expect(text(element.shadowRoot?.querySelector('h3'))).to.equal('Make your next check quicker');
    await expect(element).to.be.accessible();
  });

  it('offers only what offer-factors names, in the page language', async () => {
    const element = await fixture<ReverifyFactorsElement>(
      html`<reverify-factors locale="es" factors="totp"></reverify-factors>`,
    );
    const buttons = [...(element.shadowRoot?.querySelectorAll('button') ?? [])];
    expect(buttons.map((button) => text(button))).to.deep.equal([
      'Configurar una app de autenticación',
    ]);
  });

  it('says a failure inline, and the offer stays', async () => {
    const element = await fixture<ReverifyFactorsElement>(
      html`<reverify-factors endpoint="http://127.0.0.1:9" client-token="rvc_aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"></reverify-factors>`,
    );
    element.shadowRoot?.querySelector<HTMLButtonElement>('[part~="add-totp-button"]')?.click();
    const alert = () => text(element.shadowRoot?.querySelector('[part="alert"]'));
    for (let i = 0; i < 100 && !alert(); i++) await new Promise((r) => setTimeout(r, 50));
    expect(alert()).to.equal(
      'That didn’t work. You can try again, or skip it: nothing changes for this check.',
    );
    expect(element.shadowRoot?.querySelector('[part~="add-totp-button"]')).to.not.equal(null);
  });
});
