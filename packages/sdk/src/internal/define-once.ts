/** Registers a custom element under `tag` unless one already is (a second bundle, a second call). */
export function defineOnce(tag: string, element: CustomElementConstructor): void {
  if (!customElements.get(tag)) customElements.define(tag, element);
}
