import { expect, oneEvent } from '@open-wc/testing';
import type { ReverifyErrorEvent } from '../../events/reverify-error.js';
import { mountLive, untilState } from './test-helpers.test-helper.js';

describe('<reverify-capture> when camera permission is denied', () => {
  it('reports camera_denied and shows an accessible retry screen with focus on retry', async () => {
    const element = await mountLive();
    const { detail } = (await oneEvent(element, 'reverify-error')) as ReverifyErrorEvent;
    expect(detail.code).to.equal('camera_denied');
    await untilState(element, 'error');
    await element.updateComplete;
    await new Promise((r) => setTimeout(r, 50));
    expect(element.shadowRoot?.activeElement?.getAttribute('part')).to.contain('retry-button');
    expect(element.shadowRoot?.querySelector('[part~="error"]')?.textContent).to.contain(
      'Camera access is blocked',
    );
    // Said once, politely, through the element's live region.
    expect(element.shadowRoot?.querySelector('[aria-live="polite"]')?.textContent).to.contain(
      'Camera access is blocked',
    );
    await expect(element).to.be.accessible();
  });
});
