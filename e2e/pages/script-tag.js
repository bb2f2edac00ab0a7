window.start = (options) => window.runFlow(window.Reverify.startReverification, options);
window.handoff = (options) => window.runHandoff(window.Reverify.startHandoff, options);
