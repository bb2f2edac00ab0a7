import { defineOnce } from '../../internal/define-once.js';
import { ReverifyCaptureElement } from './reverify-capture.component.js';

export { ReverifyCaptureElement } from './reverify-capture.component.js';

/** Registers `<reverify-capture>` (once; a second call does nothing). */
export function defineReverifyCapture(): void {
  defineOnce('reverify-capture', ReverifyCaptureElement);
}

declare global {
  interface HTMLElementTagNameMap {
    'reverify-capture': ReverifyCaptureElement;
  }
}
