import { aTimeout, expect, waitUntil } from '@open-wc/testing';
import type { ReverifyGuidanceEvent } from '../../events/reverify-guidance.js';
import { button, mountLive, partText, untilState } from './test-helpers.test-helper.js';

describe('<reverify-capture> with two faces on camera', () => {
  it('asks for one person and never captures', async () => {
    const element = await mountLive();
    const seen = new Set<string>();
    element.addEventListener('reverify-guidance', (e: ReverifyGuidanceEvent) =>
      seen.add(e.detail.code),
    );
    let captured = false;
    element.addEventListener('reverify-capture', () => {
      captured = true;
    });
    await untilState(element, 'live');
    await aTimeout(3000);
    expect(seen.has('multiple_faces')).to.equal(true);
    expect(partText(element, 'guidance')).to.equal('Only one person in the frame, please');
    expect(captured).to.equal(false);
    element.remove();
  });

  it('takes no photo by hand with two faces (it would be a sure rejection)', async () => {
    const element = await mountLive('manual-capture-after="300"');
    let captured = false;
    element.addEventListener('reverify-capture', () => {
      captured = true;
    });
    await untilState(element, 'live');
    await waitUntil(() => element.shadowRoot?.querySelector('[part~="capture-button"]'));
    await waitUntil(() => partText(element, 'guidance').startsWith('Only one person'));
    button(element, '[part~="capture-button"]').click();
    await element.updateComplete;
    expect(partText(element, 'manual-note')).to.contain('Only one person');
    await aTimeout(500);
    expect(captured).to.equal(false);
    element.remove();
  });
});
