import { LitElement } from 'lit';
import type { ReverifyEventMap } from '../events/index.js';
import type { Translation, TranslationOverrides } from '../translations/translation.js';
import { localize } from '../utilities/localize.js';

/**
 * The base of Reverify's elements: a typed `emit()` for the events of
 * {@link ReverifyEventMap} (bubbling and composed, so they cross shadow
 * roots), and the shared `locale` and `messages` with the translation they
 * select (`this.t`).
 */
export class ReverifyElement extends LitElement {
  static override properties = {
    locale: { type: String },
    messages: { attribute: false },
  };

  /** BCP 47 language tag; en, es and pt-BR are built in. Default: the page's `lang`, else English. */
  declare locale: string;
  /** Overrides of any user-facing string. */
  declare messages: TranslationOverrides;

  constructor() {
    super();
    this.messages = {};
  }

  /** The strings of this element's language, with `messages` applied. */
  protected get t(): Translation {
    const lang = this.locale || this.closest('[lang]')?.getAttribute('lang') || undefined;
    return localize(lang, this.messages);
  }

  /**
   * Focuses the current screen's main control: the element marked
   * `data-focus` (a start or retry button, a result's heading), else its
   * first button, else the element's region.
   */
  override focus(options?: FocusOptions): void {
    const root = this.renderRoot;
    const target =
      root?.querySelector<HTMLElement>('[data-focus]') ??
      root?.querySelector<HTMLElement>('button') ??
      root?.querySelector<HTMLElement>('[tabindex="-1"]');
    if (target) target.focus(options);
    else super.focus(options);
  }

  /** Dispatches one of Reverify's events with its typed detail. */
  protected emit<K extends keyof ReverifyEventMap>(name: K, detail: ReverifyEventMap[K]): void {
    this.dispatchEvent(new CustomEvent(name, { detail, bubbles: true, composed: true }));
  }
}
