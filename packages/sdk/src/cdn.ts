/**
 * The script-tag (IIFE) entry: `window.Reverify`. Loading it registers
 * `<reverify-capture>` and remembers where the script came from, so its
 * assets default to the `assets/` folder next to it.
 */
import { setScriptAssetsBase } from './assets.js';
import { defineReverifyCapture } from './components/reverify-capture/reverify-capture.js';

const script = document.currentScript as HTMLScriptElement | null;
if (script?.src) setScriptAssetsBase(script.src);
defineReverifyCapture();

export * from './index.js';
