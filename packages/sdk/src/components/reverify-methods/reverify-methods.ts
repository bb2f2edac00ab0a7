import { defineOnce } from '../../internal/define-once.js';
import { ReverifyMethodsElement } from './reverify-methods.component.js';

export { type MethodsStep, ReverifyMethodsElement } from './reverify-methods.component.js';

/** Registers `<reverify-methods>` (once; a second call does nothing). */
export function defineReverifyMethods(): void {
  defineOnce('reverify-methods', ReverifyMethodsElement);
}

declare global {
  interface HTMLElementTagNameMap {
    'reverify-methods': ReverifyMethodsElement;
  }
}
