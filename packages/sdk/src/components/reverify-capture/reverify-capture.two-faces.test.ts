import { aTimeout, expect } from '@open-wc/testing';
import type { ReverifyGuidanceEvent } from '../../events/reverify-guidance.js';
import {
  expectManualRefusal,
  mountLive,
  partText,
  untilState,
} from './test-helpers.test-helper.js';

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

  it('takes no photo by hand with two faces (it would be a sure rejection)', () =>
    expectManualRefusal('Only one person', 'Only one person'));
});
