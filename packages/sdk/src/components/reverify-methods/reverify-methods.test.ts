import { expect, fixture, html } from '@open-wc/testing';
import type { MethodsSession } from '@reverify/contract';
import type { ReverifyMethodDetail } from '../../events/reverify-method.js';
import type { ReverifyMethodsElement } from './reverify-methods.component.js';
import { defineReverifyMethods } from './reverify-methods.js';

defineReverifyMethods();

const methods: MethodsSession = {
  policy: 'passkey or selfie or totp or sms_code',
  done: [],
  open: ['passkey', 'selfie', 'totp', 'sms_code'],
  unavailable: [],
  destinations: { sms_code: '+55•••••5678', email_code: null },
};

const text = (element: Element | null | undefined) =>
  element?.textContent?.replace(/\s+/g, ' ').trim() ?? '';

async function mount(session: MethodsSession, locale = 'en') {
  const element = await fixture<ReverifyMethodsElement>(
    html`<reverify-methods endpoint="http://127.0.0.1:9" client-token="rvc_aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa" .methods=${session} locale=${locale}></reverify-methods>`,
  );
  const buttons = () => [...(element.shadowRoot?.querySelectorAll('button') ?? [])];
  return { element, buttons };
}

function nextMethodEvent(element: HTMLElement): Promise<ReverifyMethodDetail> {
  return new Promise((resolve) =>
    element.addEventListener('reverify-method', (event) => resolve(event.detail), { once: true }),
  );
}

describe('<reverify-methods>', () => {
  it('offers the passkey first, then the selfie, the app and the code, accessibly', async () => {
    const { element, buttons } = await mount(methods);
    expect(buttons().map((button) => button.getAttribute('part'))).to.deep.equal([
      'button method-button method-passkey',
      'button method-button method-selfie',
      'button method-button method-totp',
      'button method-button method-sms_code',
    ]);
    expect(text(buttons()[0])).to.equal(
      'Use your passkey Face ID, fingerprint or your device’s screen lock',
    );
    expect(text(buttons()[3])).to.equal('Text a code to +55•••••5678');
    expect(buttons()[0]?.hasAttribute('data-focus')).to.equal(true);
    expect(text(element.shadowRoot?.querySelector('h2'))).to.equal(
      'Choose how to confirm it’s you',
    );
    await expect(element).to.be.accessible();
  });

  it('speaks Spanish and Brazilian Portuguese, and says "one more step" after a method', async () => {
    const es = await mount(methods, 'es');
    expect(text(es.buttons()[1])).to.equal('Tomar una selfie');
    const pt = await mount({ ...methods, done: ['passkey'], open: ['selfie'] }, 'pt-BR');
    expect(text(pt.element.shadowRoot?.querySelector('h2'))).to.equal(
      'Mais um passo para confirmar que é você',
    );
  });

  it('hands the selfie to the camera', async () => {
    const { element, buttons } = await mount(methods);
    const event = nextMethodEvent(element);
    buttons()[1]?.click();
    expect(await event).to.deep.equal({ kind: 'chosen', method: 'selfie' });
  });

  it('asks for the authenticator code in a labelled one-time-code field, and goes back', async () => {
    const { element, buttons } = await mount(methods);
    buttons()[2]?.click();
    await element.updateComplete;
    const input = element.shadowRoot?.querySelector('input') as HTMLInputElement;
    expect(input.getAttribute('autocomplete')).to.equal('one-time-code');
    expect(input.getAttribute('inputmode')).to.equal('numeric');
    expect(text(element.shadowRoot?.querySelector('form p'))).to.equal(
      'Enter the 6-digit code your authenticator app shows.',
    );
    await expect(element).to.be.accessible();
    const back = buttons().find((button) => text(button) === 'Other ways') as HTMLButtonElement;
    back.click();
    await element.updateComplete;
    expect(buttons()).to.have.length(4);
  });

  it('says an unreachable handler inline and keeps every other method', async () => {
    const { element, buttons } = await mount(methods);
    buttons()[3]?.click();
    for (let i = 0; i < 100 && !text(element.shadowRoot?.querySelector('[part="alert"]')); i++)
      await new Promise((resolve) => setTimeout(resolve, 50));
    expect(text(element.shadowRoot?.querySelector('[part="alert"]'))).to.equal(
      'We couldn’t reach the server. Try again in a moment.',
    );
    expect(buttons()).to.have.length(4);
    expect(buttons().every((button) => !button.disabled)).to.equal(true);
  });
});
