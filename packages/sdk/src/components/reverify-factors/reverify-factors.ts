import { defineOnce } from '../../internal/define-once.js';
import { ReverifyFactorsElement } from './reverify-factors.component.js';

export { type FactorKind, ReverifyFactorsElement } from './reverify-factors.component.js';

/** Registers `<reverify-factors>` (once; a second call does nothing). */
export function defineReverifyFactors(): void {
  defineOnce('reverify-factors', ReverifyFactorsElement);
}

declare global {
  interface HTMLElementTagNameMap {
    'reverify-factors': ReverifyFactorsElement;
  }
}
