import { expect, fixture, html, oneEvent, waitUntil } from '@open-wc/testing';
import type { ReverifyCaptureEvent } from '../../events/reverify-capture.js';
import type { ReverifyErrorEvent } from '../../events/reverify-error.js';
import type { ReverifyGuidanceEvent } from '../../events/reverify-guidance.js';
import type { ReverifyReadyEvent } from '../../events/reverify-ready.js';
import { preload } from '../../preload.js';
import type { ReverifyCaptureElement } from './reverify-capture.component.js';
import {
  ASSETS,
  allTracksEnded,
  button,
  mountLive,
  partText,
  streams,
  untilState,
} from './test-helpers.test-helper.js';

describe('<reverify-capture> with a face on camera', () => {
  it('renders an accessible consent screen that opens nothing until asked', async () => {
    const element = await fixture<ReverifyCaptureElement>(
      html`<reverify-capture assets-url=${ASSETS}></reverify-capture>`,
    );
    expect(element.state).to.equal('consent');
    expect(partText(element, 'consent')).to.contain('selfie');
    expect(element.shadowRoot?.querySelector('[part~="start-button"]')).to.exist;
    const before = streams.length;
    await expect(element).to.be.accessible();
    expect(streams.length).to.equal(before);
  });

  it('takes the detector preload() made: no second wasm fetch, no camera before it is asked for', async () => {
    // Fetches from now on (an earlier test's consent screen may still be loading its own).
    const since = performance.now();
    const wasmFetches = () =>
      performance
        .getEntriesByType('resource')
        .filter((entry) => entry.name.endsWith('.wasm') && entry.startTime >= since).length;
    const before = streams.length;
    await preload({ assetsUrl: ASSETS });
    expect(wasmFetches()).to.equal(1);
    expect(streams.length).to.equal(before);
    const element = await mountLive();
    await oneEvent(element, 'reverify-ready');
    expect(wasmFetches()).to.equal(1);
    expect(streams.length).to.equal(before + 1);
  });

  it('speaks Spanish and Brazilian Portuguese, and takes overrides', async () => {
    const es = await fixture<ReverifyCaptureElement>(
      html`<reverify-capture locale="es"></reverify-capture>`,
    );
    expect(partText(es, 'start-button')).to.equal('Activar cámara');
    const pt = await fixture<ReverifyCaptureElement>(
      html`<div lang="pt-BR"><reverify-capture></reverify-capture></div>`,
    );
    expect(
      partText(pt.querySelector('reverify-capture') as ReverifyCaptureElement, 'start-button'),
    ).to.equal('Ligar câmera');
    const custom = await fixture<ReverifyCaptureElement>(
      html`<reverify-capture .messages=${{ startCamera: 'Go', consentTitle: 'Hi' }}></reverify-capture>`,
    );
    expect(partText(custom, 'start-button')).to.equal('Go');
  });

  it('opens the camera from the consent button, reaches ready, and auto-captures a JPEG', async () => {
    const element = await fixture<ReverifyCaptureElement>(
      html`<reverify-capture assets-url=${ASSETS}></reverify-capture>`,
    );
    const guidance: string[] = [];
    element.addEventListener('reverify-guidance', (e: ReverifyGuidanceEvent) =>
      guidance.push(e.detail.code),
    );
    const ready = oneEvent(element, 'reverify-ready') as Promise<ReverifyReadyEvent>;
    const captured = oneEvent(element, 'reverify-capture') as Promise<ReverifyCaptureEvent>;
    button(element, '[part~="start-button"]').click();

    const { detail: readyDetail } = await ready;
    expect(readyDetail.startupMs).to.be.greaterThan(0);
    expect(readyDetail.deviceId).to.be.a('string');

    const { detail } = await captured;
    expect(detail.trigger).to.equal('auto');
    expect(detail.blob.type).to.equal('image/jpeg');
    expect([detail.width, detail.height]).to.deep.equal([640, 480]);
    expect(detail.blob.size).to.be.within(15_000, 250_000);
    const bytes = new Uint8Array(await detail.blob.slice(0, 3).arrayBuffer());
    expect([...bytes]).to.deep.equal([0xff, 0xd8, 0xff]);
    expect(detail.checks.faceCount).to.equal(1);
    expect(detail.checks.faceSize).to.be.within(0.22, 0.6);
    expect(Math.abs(detail.checks.yaw)).to.be.below(18);
    expect(detail.checks.brightness).to.be.within(60, 215);

    expect(guidance).to.include('hold_still');
    expect(guidance.at(-1)).to.equal('ready');
    await untilState(element, 'captured');
    expect(allTracksEnded()).to.equal(true);
    const preview = element.shadowRoot?.querySelector<HTMLImageElement>('[part~="preview"]');
    expect(preview?.getAttribute('src')).to.match(/^blob:/);
    // The photo fills the same box, mirrored like the live video, at the frame's own aspect: no jump.
    await waitUntil(() => (preview?.naturalWidth ?? 0) > 0);
    const video = element.shadowRoot?.querySelector('video') as HTMLVideoElement;
    expect(
      (preview as HTMLImageElement).naturalWidth / (preview as HTMLImageElement).naturalHeight,
    ).to.equal(640 / 480);
    expect(preview?.classList.contains('mirrored')).to.equal(true);
    expect(getComputedStyle(preview as HTMLImageElement).objectFit).to.equal(
      getComputedStyle(video).objectFit,
    );
    await expect(element).to.be.accessible();
  });

  it('announces guidance politely and retakes', async () => {
    const element = await mountLive();
    await untilState(element, 'captured');
    const live = element.shadowRoot?.querySelector('[aria-live="polite"]');
    expect(live?.getAttribute('role')).to.equal('status');
    expect(live?.textContent?.trim()).to.equal('Photo taken');
    const second = oneEvent(element, 'reverify-capture');
    button(element, '[part~="retake-button"]').click();
    await second;
    await untilState(element, 'captured');
  });

  it('keeps focus in the flow: the region after Start, the retry button after an error', async () => {
    const element = await fixture<ReverifyCaptureElement>(
      html`<reverify-capture assets-url=${ASSETS} device-id="no-such-camera"></reverify-capture>`,
    );
    const start = button(element, '[part~="start-button"]');
    start.focus();
    start.click();
    await untilState(element, 'error');
    await element.updateComplete;
    await waitUntil(() =>
      element.shadowRoot?.activeElement?.getAttribute('part')?.includes('retry-button'),
    );
    expect(document.activeElement).to.equal(element);
  });

  it('names a failing check before a manual capture, and takes the photo on a second press', async () => {
    const element = await mountLive('manual-capture-after="300"');
    // Asking for more light than any frame has makes every frame "too dark".
    element.quality = { minFaceLuma: 254, maxFaceLuma: 255 };
    await untilState(element, 'live');
    await waitUntil(() => partText(element, 'guidance').includes('too dark'), 'never too dark', {
      timeout: 5000,
    });
    await waitUntil(() => element.shadowRoot?.querySelector('[part~="capture-button"]'));
    let captured = 0;
    element.addEventListener('reverify-capture', () => {
      captured++;
    });
    button(element, '[part~="capture-button"]').click();
    await element.updateComplete;
    expect(partText(element, 'manual-note')).to.contain('may be hard to check');
    expect(partText(element, 'capture-button')).to.equal('Take it anyway');
    expect(captured).to.equal(0);
    const taken = oneEvent(element, 'reverify-capture') as Promise<ReverifyCaptureEvent>;
    button(element, '[part~="capture-button"]').click();
    expect((await taken).detail.trigger).to.equal('manual');
  });

  it('offers an accessible manual capture when the gate does not fire', async () => {
    const element = await mountLive('manual-capture-after="300"');
    element.quality = { holdMs: 1e9 };
    await untilState(element, 'live');
    await waitUntil(
      () => element.shadowRoot?.querySelector('[part~="capture-button"]'),
      'no manual button',
      { timeout: 5000 },
    );
    await expect(element).to.be.accessible();
    // The gate holds (every check passes) but never fires: press while it says so.
    await waitUntil(() => partText(element, 'guidance') === 'Hold still…', 'checks never passed', {
      timeout: 5000,
    });
    const captured = oneEvent(element, 'reverify-capture') as Promise<ReverifyCaptureEvent>;
    button(element, '[part~="capture-button"]').click();
    await element.updateComplete;
    // A frame that a check flagged in between asks once more ("Take it anyway"), by design.
    if (partText(element, 'capture-button') === 'Take it anyway')
      button(element, '[part~="capture-button"]').click();
    expect((await captured).detail.trigger).to.equal('manual');
  });

  it('stops the camera when removed from the page', async () => {
    const element = await mountLive();
    element.quality = { holdMs: 1e9 };
    await untilState(element, 'live');
    expect(allTracksEnded()).to.equal(false);
    element.remove();
    expect(allTracksEnded()).to.equal(true);
  });

  it('pauses the camera while the page stays hidden and resumes when visible', async () => {
    const element = await mountLive('hidden-stop-after="50"');
    element.quality = { holdMs: 1e9 };
    await untilState(element, 'live');
    const visibility = (state: string) => {
      Object.defineProperty(document, 'visibilityState', { value: state, configurable: true });
      document.dispatchEvent(new Event('visibilitychange'));
    };
    visibility('hidden');
    await untilState(element, 'paused', 3000);
    expect(allTracksEnded()).to.equal(true);
    visibility('visible');
    await untilState(element, 'live');
    element.remove();
  });

  it('reports a model that cannot load as model_load_failed, with a retry screen', async () => {
    const element = await mountLive('', '/nowhere/');
    const { detail } = (await oneEvent(element, 'reverify-error')) as ReverifyErrorEvent;
    expect(detail.code).to.equal('model_load_failed');
    await untilState(element, 'error');
    expect(allTracksEnded()).to.equal(true);
    expect(element.shadowRoot?.querySelector('[part~="retry-button"]')).to.exist;
  });

  it('reports a camera that cannot be found as camera_not_found', async () => {
    const element = await mountLive('device-id="no-such-camera"');
    const { detail } = (await oneEvent(element, 'reverify-error')) as ReverifyErrorEvent;
    expect(detail.code).to.equal('camera_not_found');
  });
});
