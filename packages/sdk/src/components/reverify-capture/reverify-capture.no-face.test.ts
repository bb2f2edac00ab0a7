import { aTimeout, expect } from '@open-wc/testing';
import { mountLive, partText, untilState } from './test-helpers.test-helper.js';

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

  it('gives up with capture_timeout', async () => {
    const element = await mountLive('capture-timeout="1500"');
    await untilState(element, 'error');
    expect(element.shadowRoot?.querySelector('[part~="error"]')?.textContent).to.contain(
      'couldn’t see your face',
    );
  });
});
