/**
 * Side-effect entry: `import '@reverify/sdk/define'` registers
 * `<reverify-capture>` for markup use.
 */
import { defineReverifyCapture } from './components/reverify-capture/reverify-capture.js';

defineReverifyCapture();
