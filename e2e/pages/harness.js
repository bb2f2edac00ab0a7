// Shared by the script-tag and npm-build pages: runs one reverification with
// the options a test passes and records every callback in window.results.
// The page's "server" is the e2e server's /test/session route.
window.results = { success: [], error: [], events: [] };
window.streams = [];
const original = navigator.mediaDevices.getUserMedia.bind(navigator.mediaDevices);
navigator.mediaDevices.getUserMedia = async (constraints) => {
  const stream = await original(constraints);
  window.streams.push(stream);
  return stream;
};
window.tracksEnded = () =>
  window.streams.every((s) => s.getTracks().every((t) => t.readyState === 'ended'));

/**
 * The page's server: a client token for `referenceId` from the e2e server's
 * /test/session, with any other field of the create request in `session`.
 */
const clientTokenFor = (referenceId, session) => async () => {
  const response = await fetch('/test/session', {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ referenceId, ...session }),
  });
  const body = await response.json();
  if (!response.ok) throw Object.assign(new Error(body.error.message), { code: body.error.code });
  window.reverificationId = body.reverificationId;
  return body.clientToken;
};

const record = {
  onSuccess: (result) => window.results.success.push(result),
  onError: (error) => window.results.error.push({ code: error.code, message: error.message }),
  onEvent: (event) => window.results.events.push(event),
};

/** The desktop side of a cross-device flow: startHandoff with a client token from the page's server. */
window.runHandoff = async (startHandoff, { referenceId, sandboxOutcome }) => {
  window.cleanup = await startHandoff(document.getElementById('reverify'), {
    endpoint: '',
    referenceId,
    getClientToken: clientTokenFor(referenceId, { sandboxOutcome }),
    ...record,
  });
};

window.runFlow = async (startReverification, options) => {
  const container = document.getElementById('reverify');
  const { referenceId, sandboxOutcome, timeoutSeconds, publishableKey, session } = options;
  window.cleanup = await startReverification(container, {
    endpoint: options.endpoint ?? '',
    referenceId,
    assetsUrl: '/sdk/assets/',
    noConsent: options.noConsent ?? true,
    ...(options.quality ? { quality: options.quality } : {}),
    ...(options.offerFactors ? { offerFactors: options.offerFactors } : {}),
    ...(options.phoneNumber
      ? { phoneNumber: options.phoneNumber, sendMessage: options.sendMessage }
      : {}),
    ...(publishableKey
      ? { publishableKey, sandboxOutcome }
      : {
          getClientToken: clientTokenFor(referenceId, {
            sandboxOutcome,
            timeoutSeconds,
            ...session,
          }),
        }),
    ...record,
  });
};
