import { expect, fixture, html } from '@open-wc/testing';
import type { ReverifyHandoffElement } from './reverify-handoff.component.js';
import { defineReverifyHandoff } from './reverify-handoff.js';

defineReverifyHandoff();

const text = (element: ReverifyHandoffElement, selector: string) =>
  element.shadowRoot?.querySelector(selector)?.textContent?.replace(/\s+/g, ' ').trim() ?? '';

describe('<reverify-handoff>', () => {
  it('renders an accessible card with a live status before it has a link', async () => {
    const element = await fixture<ReverifyHandoffElement>(
      html`<reverify-handoff></reverify-handoff>`,
    );
    expect(element.state).to.equal('loading');
    expect(text(element, 'h2')).to.equal('Continue on your phone');
    const status = element.shadowRoot?.querySelector('[part~="status"]');
    expect(status?.getAttribute('role')).to.equal('status');
    expect(status?.getAttribute('aria-live')).to.equal('polite');
    expect(text(element, '[part~="status"]')).to.equal('Waiting for your phone…');
    const copy = element.shadowRoot?.querySelector('[part~="copy-button"]') as HTMLButtonElement;
    expect(copy.disabled).to.equal(true);
    await expect(element).to.be.accessible();
  });

  it('speaks Spanish and Brazilian Portuguese', async () => {
    const es = await fixture<ReverifyHandoffElement>(
      html`<reverify-handoff locale="es"></reverify-handoff>`,
    );
    expect(text(es, 'h2')).to.equal('Continúa en tu teléfono');
    const wrapper = await fixture<HTMLDivElement>(
      html`<div lang="pt-BR"><reverify-handoff></reverify-handoff></div>`,
    );
    const pt = wrapper.querySelector('reverify-handoff') as ReverifyHandoffElement;
    await pt.updateComplete;
    expect(text(pt, '[part~="copy-button"]')).to.equal('Copiar link');
  });

  it('reports an unreachable handler as network_error, with the error text', async () => {
    const element = await fixture<ReverifyHandoffElement>(
      html`<reverify-handoff endpoint="http://127.0.0.1:9" reference-id="person-1" client-token="rvc_aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"></reverify-handoff>`,
    );
    const error = await new Promise<CustomEvent>((resolve) =>
      element.addEventListener('reverify-error', (event) => resolve(event as CustomEvent), {
        once: true,
      }),
    );
    expect(error.detail.code).to.equal('network_error');
    expect(element.state).to.equal('error');
    expect(text(element, '[part~="status"]')).to.contain('couldn’t reach the server');
  });
});
