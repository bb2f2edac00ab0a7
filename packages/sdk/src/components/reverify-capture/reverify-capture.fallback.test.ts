import { expect, oneEvent, waitUntil } from '@open-wc/testing';
import type { ReverifyCaptureEvent } from '../../events/reverify-capture.js';
import type { ReverifyCaptureElement } from './reverify-capture.component.js';
import { button, mountLive, partText, untilState } from './test-helpers.test-helper.js';

// No camera API, as in many in-app browsers and WebViews.
(navigator.mediaDevices as { getUserMedia?: unknown }).getUserMedia = undefined;

/** Chooses `file` in the element's camera-app input, as the camera app hands it back. */
function choose(element: ReverifyCaptureElement, file: File): void {
  const input = element.shadowRoot?.querySelector<HTMLInputElement>('input[type="file"]');
  if (!input) throw new Error('no camera-app input');
  expect(input.getAttribute('capture')).to.equal('user');
  const transfer = new DataTransfer();
  transfer.items.add(file);
  input.files = transfer.files;
  input.dispatchEvent(new Event('change'));
}

/** A test photo made by scripts/test-media.sh, as a File. */
async function photo(name: string): Promise<File> {
  const blob = await (await fetch(`/.cache/test-media/${name}`)).blob();
  return new File([blob], name, { type: blob.type });
}

describe('<reverify-capture> without a camera API', () => {
  it('offers the camera app instead of a dead end, accessibly', async () => {
    const element = await mountLive();
    await untilState(element, 'fallback');
    expect(partText(element, 'fallback-button')).to.equal('Open the camera');
    expect(partText(element, 'fallback')).to.contain('camera app');
    await expect(element).to.be.accessible();
  });

  it('checks a camera-app photo on the device and captures it, re-encoded and upright', async () => {
    const element = await mountLive();
    await untilState(element, 'fallback');
    const captured = oneEvent(element, 'reverify-capture') as Promise<ReverifyCaptureEvent>;
    choose(element, await photo('person-a.png'));
    const { detail } = await captured;
    expect(detail.trigger).to.equal('file');
    expect(detail.blob.type).to.equal('image/jpeg');
    expect(detail.checks.faceCount).to.equal(1);
    await untilState(element, 'captured');
    const preview = element.shadowRoot?.querySelector('[part~="preview"]');
    // The camera app's photo is shown as it is, not mirrored like the live video.
    expect(preview?.classList.contains('mirrored')).to.equal(false);
  });

  it('sends nothing without a face, and says why', async () => {
    const element = await mountLive();
    await untilState(element, 'fallback');
    let captured = false;
    element.addEventListener('reverify-capture', () => {
      captured = true;
    });
    choose(element, await photo('no-face.png'));
    await waitUntil(() => partText(element, 'fallback').includes('once one face'), 'no note', {
      timeout: 15_000,
    });
    expect(captured).to.equal(false);
    expect(element.state).to.equal('fallback');
    expect(partText(element, 'fallback-button')).to.equal('Take another photo');
    button(element, '[part~="fallback-button"]');
  });

  it('says so when the file is not a photo', async () => {
    const element = await mountLive();
    await untilState(element, 'fallback');
    choose(element, new File(['not an image'], 'notes.txt', { type: 'text/plain' }));
    await waitUntil(() => partText(element, 'fallback').includes('isn’t a photo'), 'no note', {
      timeout: 15_000,
    });
    expect(element.state).to.equal('fallback');
  });
});
