import { aTimeout, expect, fixture, html, waitUntil } from '@open-wc/testing';
import type { ReverifyCaptureElement } from './reverify-capture.component.js';
import { defineReverifyCapture } from './reverify-capture.js';

defineReverifyCapture();

/** The self-hosted assets, as the dev server serves them from the repository root. */
export const ASSETS = '/packages/sdk-assets/raw/';

/** Every stream getUserMedia handed out during the test, to check that tracks stop. */
export const streams: MediaStream[] = [];
const original = navigator.mediaDevices.getUserMedia.bind(navigator.mediaDevices);
navigator.mediaDevices.getUserMedia = async (constraints) => {
  const stream = await original(constraints);
  streams.push(stream);
  return stream;
};

/** Whether every camera track handed out so far has ended. */
export function allTracksEnded(): boolean {
  return streams.every((stream) =>
    stream.getTracks().every((track) => track.readyState === 'ended'),
  );
}

/** Mounts an element that starts the camera at once. */
export async function mountLive(
  attributes = '',
  assetsUrl = ASSETS,
): Promise<ReverifyCaptureElement> {
  const container = await fixture<HTMLDivElement>(html`<div></div>`);
  container.innerHTML = `<reverify-capture no-consent assets-url="${assetsUrl}" ${attributes}></reverify-capture>`;
  const element = container.querySelector('reverify-capture') as ReverifyCaptureElement;
  await element.updateComplete;
  return element;
}

/** Waits until the element reaches `state`. */
export function untilState(
  element: ReverifyCaptureElement,
  state: string,
  timeout = 20000,
): Promise<void> {
  return waitUntil(() => element.state === state, `never reached ${state} (is ${element.state})`, {
    timeout,
    interval: 50,
  });
}

/** The text of a part inside the element's shadow root. */
export function partText(element: ReverifyCaptureElement, part: string): string {
  return element.shadowRoot?.querySelector(`[part~="${part}"]`)?.textContent?.trim() ?? '';
}

/** A button inside the element's shadow root, by part; fails the test when missing. */
export function button(element: ReverifyCaptureElement, selector: string): HTMLButtonElement {
  const found = element.shadowRoot?.querySelector<HTMLButtonElement>(selector);
  if (!found) throw new Error(`no ${selector}`);
  return found;
}

/**
 * Presses "Take photo" (and calls `captureNow()`) once `guidance` shows, and
 * checks that nothing was taken and the element said why (`note`).
 */
export async function expectManualRefusal(guidance: string, note: string): Promise<void> {
  const element = await mountLive('manual-capture-after="300"');
  let captured = false;
  element.addEventListener('reverify-capture', () => {
    captured = true;
  });
  await untilState(element, 'live');
  await waitUntil(() => element.shadowRoot?.querySelector('[part~="capture-button"]'));
  await waitUntil(() => partText(element, 'guidance').startsWith(guidance));
  await element.captureNow();
  button(element, '[part~="capture-button"]').click();
  await element.updateComplete;
  expect(partText(element, 'manual-note')).to.contain(note);
  await aTimeout(500);
  expect(captured).to.equal(false);
  expect(element.state).to.equal('live');
  element.remove();
}
