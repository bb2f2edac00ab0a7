import { defineOnce } from '../../internal/define-once.js';
import { ReverifyHandoffElement } from './reverify-handoff.component.js';

export { type HandoffState, ReverifyHandoffElement } from './reverify-handoff.component.js';

/** Registers `<reverify-handoff>` (once; a second call does nothing). */
export function defineReverifyHandoff(): void {
  defineOnce('reverify-handoff', ReverifyHandoffElement);
}

declare global {
  interface HTMLElementTagNameMap {
    'reverify-handoff': ReverifyHandoffElement;
  }
}
