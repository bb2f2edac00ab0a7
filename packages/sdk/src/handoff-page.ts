import type { ReverifyError } from './errors.js';
import { type Cleanup, startReverification } from './start-reverification.js';
import type { TranslationOverrides } from './translations/translation.js';
import { localize } from './utilities/localize.js';

/** Options of {@link openHandoffPage}. */
export interface HandoffPageOptions {
  /** The handler's base URL. Default: the part of this page's URL before `/sdk/`. */
  readonly endpoint?: string;
  /** BCP 47 language tag. Default: the browser's language. */
  readonly locale?: string;
  readonly messages?: TranslationOverrides;
  /** Where the wasm and model are. Default: `assets/` next to the SDK script. */
  readonly assetsUrl?: string;
}

/**
 * Runs the phone's side of a cross-device reverification on a page opened
 * from a handoff link: takes the one-time token from the URL fragment,
 * removes it from the address bar and history, and runs the selfie flow in
 * `container`. The desktop page that made the link gets the decision; this
 * page tells the person they are done. The SDK ships it as `handoff.html`.
 */
export async function openHandoffPage(
  container: Element,
  options: HandoffPageOptions = {},
): Promise<Cleanup> {
  const token = location.hash.slice(1);
  history.replaceState(null, '', location.pathname + location.search);
  const locale = options.locale ?? navigator.language;
  const t = localize(locale, options.messages);
  const say = (text: string, role: 'status' | 'alert', keep = false) => {
    const message = document.createElement('p');
    message.setAttribute('role', role);
    message.className = `reverify-handoff-message ${role}`;
    message.textContent = text;
    if (keep) container.append(message);
    else container.replaceChildren(message);
  };
  if (!/^[A-Za-z0-9._~-]{20,512}$/.test(token)) {
    say(t.handoff.linkMissing, 'alert');
    return () => {};
  }
  const path = location.pathname;
  const endpoint =
    options.endpoint ??
    `${location.origin}${path.slice(0, Math.max(0, path.lastIndexOf('/sdk/')))}`;
  return startReverification(container, {
    endpoint,
    handoffToken: token,
    locale,
    ...(options.messages ? { messages: options.messages } : {}),
    ...(options.assetsUrl ? { assetsUrl: options.assetsUrl } : {}),
    // The element's result screen stays: it says what the decision means.
    onSuccess: () => say(t.handoff.phoneDone, 'status', true),
    onError: (error: ReverifyError) => {
      if (error.code === 'handoff_link_used')
        say(t.errors.handoff_link_used ?? t.errors.generic, 'alert');
    },
  });
}
