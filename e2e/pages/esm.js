import { startReverification } from '/sdk/reverify.js';

window.start = (options) => window.runFlow(startReverification, options);
