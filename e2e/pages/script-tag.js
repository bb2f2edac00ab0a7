window.start = (options) => window.runFlow(window.Reverify.startReverification, options);
