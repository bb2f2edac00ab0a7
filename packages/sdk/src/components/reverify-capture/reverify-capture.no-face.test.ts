import { aTimeout, expect, waitUntil } from '@open-wc/testing';
import {
  expectManualRefusal,
  mountLive,
  partText,
  untilState,
} from './test-helpers.test-helper.js';

describe('<reverify-capture> with no face on camera', () => {
  it('shows the no-face guidance and never captures', async () => {
    const element = await mountLive();
    let captured = false;
    element.addEventListener('reverify-capture', () => {
      captured = true;
    });
    await untilState(element, 'live');
    await aTimeout(3000);
    expect(partText(element, 'guidance')).to.equal('Place your face in the oval');
    expect(captured).to.equal(false);
    expect(element.state).to.equal('live');
    element.remove();
  });

  it('announces the first instruction, though it never changes', async () => {
    const element = await mountLive();
    const live = () =>
      element.shadowRoot?.querySelector('[aria-live="polite"]')?.textContent?.trim() ?? '';
    await untilState(element, 'live');
    await waitUntil(() => live() === 'Place your face in the oval', `announced "${live()}"`, {
      timeout: 5000,
    });
    element.remove();
  });

  it('takes no photo by hand without a face, and says why', () =>
    expectManualRefusal('Place your face', 'once one face is in the oval'));

  it('gives up with capture_timeout, naming what it did not see', async () => {
    const element = await mountLive('capture-timeout="1500"');
    await untilState(element, 'error');
    const text = element.shadowRoot?.querySelector('[part~="error"]')?.textContent ?? '';
    expect(text).to.contain('couldn’t take the selfie in time');
    expect(text).to.contain('Place your face in the oval');
    expect(text).not.to.contain('light');
    expect(element.shadowRoot?.querySelector('[part~="retry-button"]')).to.exist;
    await expect(element).to.be.accessible();
  });
});
