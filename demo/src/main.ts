import './style.css';
import {
  type Cleanup,
  defineReverifyCapture,
  defineReverifyFactors,
  type ReverificationProgressEvent,
  type ReverificationResult,
  type ReverifyCaptureElement,
  type ReverifyError,
  startHandoff,
  startReverification,
} from '@reverify/sdk';
import { mountReview, mountScopedKeys } from './review.js';

const ASSETS = '/sdk/assets/';
const $ = <T extends HTMLElement>(id: string) => document.getElementById(id) as T;

// ── Tabs ────────────────────────────────────────────────────────────────
// The ARIA tabs pattern: one tab in the Tab order (roving tabindex), arrows, Home and End.
const tabs = ['enroll', 'reverify', 'review'] as const;
function show(tab: (typeof tabs)[number], focus = false): void {
  for (const name of tabs) {
    const button = $(`tab-${name}`);
    button.setAttribute('aria-selected', String(name === tab));
    button.tabIndex = name === tab ? 0 : -1;
    $(`panel-${name}`).hidden = name !== tab;
  }
  if (focus) $(`tab-${tab}`).focus();
  if (tab === 'enroll') mountEnrollCapture();
  else unmountEnrollCapture();
  if (tab === 'review') void review.refresh();
}
const review = mountReview();
mountScopedKeys();
for (const [index, name] of tabs.entries()) {
  $(`tab-${name}`).addEventListener('click', () => show(name));
  $(`tab-${name}`).addEventListener('keydown', (event) => {
    const to =
      event.key === 'ArrowRight'
        ? (index + 1) % tabs.length
        : event.key === 'ArrowLeft'
          ? (index + tabs.length - 1) % tabs.length
          : event.key === 'Home'
            ? 0
            : event.key === 'End'
              ? tabs.length - 1
              : null;
    if (to === null) return;
    event.preventDefault();
    show(tabs[to] as (typeof tabs)[number], true);
  });
}

// ── Enroll: the element on its own, then the demo server enrolls the photo ──
defineReverifyCapture();
let enrollCapture: ReverifyCaptureElement | null = null;

async function enroll(photo: Blob): Promise<void> {
  const result = $('enroll-result');
  const referenceId = ($('enroll-reference') as HTMLInputElement).value.trim();
  result.textContent = 'Enrolling…';
  result.className = 'result';
  const form = new FormData();
  form.set('referenceId', referenceId);
  form.set('selfie', photo, 'reference.jpg');
  const response = await fetch('/playground/enroll', { method: 'POST', body: form });
  const body = await response.json();
  if (response.ok) {
    result.textContent = `Enrolled “${body.referenceId}”: later selfies are compared with this photo. Now switch to Reverify.`;
    result.className = 'result ok';
    ($('reverify-reference') as HTMLInputElement).value = referenceId;
    void offerFactors(referenceId);
  } else {
    result.textContent = `${body.error.code}: ${body.error.message}`;
    result.className = 'result bad';
  }
}

// ── Factors: right after the enrollment, your server mints a factor token ──
defineReverifyFactors();
let enrolledReference = '';

async function offerFactors(referenceId: string): Promise<void> {
  enrolledReference = referenceId;
  $('enroll-methods').hidden = false;
  // WebAuthn refuses an IP address as a relying party: passkeys need the page opened by name.
  const byAddress = /^[\d.]+$|^\[/.test(location.hostname);
  $('passkey-note').hidden = !byAddress;
  $('passkey-note').textContent = byAddress
    ? `Passkeys need a domain name: open http://localhost:${location.port}/ to try them.`
    : '';
  const response = await fetch(`/playground/references/${referenceId}/factor-token`, {
    method: 'POST',
  });
  const body = await response.json();
  const factors = document.createElement('reverify-factors');
  factors.endpoint = '';
  factors.factorToken = body.factorToken ?? '';
  if (byAddress) factors.factors = ['totp'];
  factors.addEventListener('reverify-factor', (event) =>
    log(`factor added for ${referenceId}: ${event.detail.method}`, 'ok'),
  );
  $('enroll-factors').replaceChildren(factors);
}

$('contacts').addEventListener('submit', async (event) => {
  event.preventDefault();
  const phoneNumber = ($('contact-phone') as HTMLInputElement).value.trim();
  const email = ($('contact-email') as HTMLInputElement).value.trim();
  const response = await fetch(`/playground/references/${enrolledReference}/contacts`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({
      ...(phoneNumber ? { phoneNumber } : {}),
      ...(email ? { email } : {}),
    }),
  });
  const body = await response.json();
  const result = $('contacts-result');
  result.className = response.ok ? 'result ok' : 'result bad';
  result.textContent = response.ok
    ? `Codes go to ${[body.contacts.phoneNumber, body.contacts.email].filter(Boolean).join(' and ')}.`
    : `${body.error.code}: ${body.error.message}`;
});

function mountEnrollCapture(): void {
  if (enrollCapture) return;
  enrollCapture = document.createElement('reverify-capture');
  enrollCapture.assetsUrl = ASSETS;
  enrollCapture.messages = {
    consentTitle: 'Take the reference selfie',
    consentText: 'This photo becomes the enrolled face that later selfies are compared with.',
  };
  enrollCapture.addEventListener('reverify-capture', (event) => void enroll(event.detail.blob));
  $('enroll-stage').append(enrollCapture);
}

function unmountEnrollCapture(): void {
  enrollCapture?.remove();
  enrollCapture = null;
}

$('enroll-file').addEventListener('change', (event) => {
  const file = (event.target as HTMLInputElement).files?.[0];
  if (file) void enroll(file);
});

// ── Reverify: startReverification with a client token from the demo server ──
let cleanup: Cleanup | null = null;

function log(text: string, kind = ''): void {
  const item = document.createElement('li');
  item.className = kind;
  const time = new Date().toISOString().slice(11, 23);
  item.innerHTML = `<time>${time}</time> `;
  item.append(text);
  $('log').querySelector('.empty')?.remove();
  $('log').prepend(item);
}

function describe(event: ReverificationProgressEvent): string {
  switch (event.type) {
    case 'camera_ready':
      return `camera ready in ${event.startupMs} ms`;
    case 'guidance':
      return `guidance: ${event.code}`;
    case 'captured':
      return `captured (${event.trigger}, ${Math.round(event.bytes / 1024)} KB)`;
    case 'upload':
      return `upload: ${event.progress}`;
    case 'challenge':
      if (event.kind === 'started') return `challenge: ${event.moves.join(' then ')}`;
      if (event.kind === 'guidance') return `challenge guidance: ${event.code}`;
      return `challenge ${event.outcome} (${event.keyframes} keyframes)`;
    case 'method':
      return `method ${event.method}: ${event.kind}`;
    case 'factor_added':
      return `factor added: ${event.method}`;
    case 'status':
      return `SSE #${event.event.sequence} ${event.event.type} → ${event.event.status}${event.event.decision ? ` (${event.event.decision})` : ''}`;
  }
}

function verdict(text: string, kind: string): void {
  const box = $('verdict');
  box.hidden = false;
  box.className = `verdict ${kind}`;
  box.textContent = text;
}

function stop(): void {
  cleanup?.();
  cleanup = null;
  ($('start') as HTMLButtonElement).disabled = false;
  ($('stop') as HTMLButtonElement).disabled = true;
}

/** The reverification the page last started (for "text the link"). */
let currentReverificationId: string | null = null;

/** Asks the demo server (playing your server) for a client token. */
function clientTokenFor(referenceId: string, sandboxOutcome: string, methods: string) {
  return async () => {
    const response = await fetch('/playground/session', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({
        referenceId,
        sandboxOutcome: sandboxOutcome || undefined,
        methods: methods || undefined,
      }),
    });
    const body = await response.json();
    if (!response.ok) throw Object.assign(new Error(body.error.message), { code: body.error.code });
    currentReverificationId = body.reverificationId;
    log(`server minted a client token for ${body.reverificationId}`);
    return body.clientToken as string;
  };
}

/** Starts one flow (here or on a phone) with the page's common callbacks. */
async function run(
  how: 'here' | 'phone',
  start: (
    stage: HTMLElement,
    callbacks: {
      referenceId: string;
      getClientToken: () => Promise<string>;
      onEvent: (event: ReverificationProgressEvent) => void;
      onSuccess: (result: ReverificationResult) => void;
      onError: (error: ReverifyError) => void;
    },
  ) => Promise<Cleanup>,
): Promise<void> {
  stop();
  $('reverify-stage').replaceChildren();
  $('verdict').hidden = true;
  const referenceId = ($('reverify-reference') as HTMLInputElement).value.trim();
  const sandboxOutcome = ($('outcome') as HTMLSelectElement).value;
  const methods = ($('methods') as HTMLSelectElement).value;
  ($('start') as HTMLButtonElement).disabled = true;
  ($('stop') as HTMLButtonElement).disabled = false;
  log(
    `start ${referenceId} ${how === 'phone' ? 'on a phone' : 'here'}${sandboxOutcome ? ` (sandbox: ${sandboxOutcome})` : ''}`,
  );
  cleanup = await start($('reverify-stage'), {
    referenceId,
    getClientToken: clientTokenFor(referenceId, sandboxOutcome, methods),
    onEvent: (event) => {
      if (event.type !== 'guidance') log(describe(event));
    },
    onSuccess: (result) => {
      const steps = result.steps
        ? ` · match ${result.steps.match.status}, liveness ${result.steps.liveness.status}`
        : '';
      const by = result.verifiedBy?.length
        ? ` · by ${result.verifiedBy.map((use) => `${use.method} (${use.assurance})`).join(' + ')}`
        : '';
      log(`onSuccess: ${result.decision} [${result.reasons.join(', ')}]${steps}${by}`, 'ok');
      verdict(
        `${result.decision.replace('_', ' ')} — ${result.reasons.join(', ')}`,
        result.decision,
      );
      ($('start') as HTMLButtonElement).disabled = false;
    },
    onError: (error) => {
      log(`onError: ${error.code} — ${error.message}`, 'bad');
      verdict(`error: ${error.code}`, 'error');
      ($('start') as HTMLButtonElement).disabled = false;
    },
  });
}

$('start').addEventListener('click', () =>
  run('here', (stage, options) =>
    startReverification(stage, {
      ...options,
      endpoint: '',
      assetsUrl: ASSETS,
      offerFactors: ['passkey', 'totp'],
    }),
  ),
);
$('handoff').addEventListener('click', () =>
  run('phone', (stage, options) => startHandoff(stage, { ...options, endpoint: '' })),
);

// ── Text the link: your server sends it (VECU-style phoneNumber + sendMessage) ──
$('send-link').addEventListener('submit', async (event) => {
  event.preventDefault();
  const phoneNumber = ($('phone') as HTMLInputElement).value.trim();
  if (!currentReverificationId) {
    log('start a reverification (here or on a phone) first', 'bad');
    return;
  }
  const response = await fetch(`/playground/reverifications/${currentReverificationId}/handoff`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ phoneNumber, sendMessage: true }),
  });
  const body = await response.json();
  if (response.ok) log(`link sent by ${body.message.channel} to ${body.message.to}`, 'ok');
  else log(`send failed: ${body.error.code} — ${body.error.message}`, 'bad');
  void refreshMessages();
});

$('stop').addEventListener('click', () => {
  stop();
  log('cleanup() called');
});

// ── Webhook inbox: what the demo server received and verified ──────────
interface InboxEntry {
  receivedAt: string;
  webhookId: string;
  payload: {
    eventType: string;
    data: { currentStatus: string; decision: string | null; referenceId: string };
  };
}

/** Polls a playground list while the Reverify tab is visible and renders its newest entries. */
async function refreshList<T>(
  path: string,
  key: string,
  listId: string,
  render: (entry: T) => (string | Node)[],
): Promise<void> {
  if ($('panel-reverify').hidden || document.hidden) return;
  const response = await fetch(path).catch(() => null);
  if (!response?.ok) return;
  const entries = ((await response.json()) as Record<string, T[]>)[key] ?? [];
  if (entries.length === 0) return;
  $(listId).replaceChildren(
    ...entries.slice(0, 20).map((entry) => {
      const item = document.createElement('li');
      item.append(...render(entry));
      return item;
    }),
  );
}

function timeOf(iso: string): HTMLTimeElement {
  const time = document.createElement('time');
  time.textContent = iso.slice(11, 23);
  return time;
}

const refreshInbox = () =>
  refreshList<InboxEntry>('/playground/webhooks', 'webhooks', 'inbox', (entry) => {
    const { eventType, data } = entry.payload;
    return [
      timeOf(entry.receivedAt),
      ` ✓ ${eventType} → ${data.currentStatus}${data.decision ? ` (${data.decision})` : ''} · ${data.referenceId}`,
    ];
  });
setInterval(() => void refreshInbox(), 2000);

// ── Messages: the development inbox (handoff links and one-time codes "sent" by SMS or email) ──
type InboxMessage = { channel: string; to: string; text: string; sentAt: string } & (
  | { kind?: 'handoff'; link: string }
  | { kind: 'code'; code: string }
);

const refreshMessages = () =>
  refreshList<InboxMessage>('/playground/messages', 'messages', 'messages', (message) => {
    const sent = [timeOf(message.sentAt), ` ${message.channel} → ${message.to}: `];
    // A one-time code, as the person would read it.
    if (message.kind === 'code') return [...sent, `code ${message.code}`];
    const open = document.createElement('a');
    open.href = message.link;
    open.target = '_blank';
    open.rel = 'noopener noreferrer';
    open.textContent = 'open link';
    return [...sent, open];
  });
setInterval(() => void refreshMessages(), 2000);

// ── Snippet ────────────────────────────────────────────────────────────
const snippet = `<!-- index.html: the page's own code is an external file (CSP without 'unsafe-inline') -->
<div id="reverify"></div>
<script src="/sdk/reverify.iife.js"></script>
<script src="/reverify-page.js"></script>

// reverify-page.js. /api/reverify-token: your server's route that calls
// POST /v1/reverifications with the secret key and answers { clientToken }.
Reverify.startReverification(document.getElementById('reverify'), {
  endpoint: '',
  referenceId: 'customer-42',
  getClientToken: async () => (await (await fetch('/api/reverify-token', { method: 'POST' })).json()).clientToken,
  onSuccess: ({ decision, reasons }) => console.log(decision, reasons),
  onError: ({ code }) => console.warn(code),
});`;
$('snippet').textContent = snippet;
$('copy').addEventListener('click', async () => {
  await navigator.clipboard.writeText(snippet).catch(() => undefined);
  $('copy').textContent = 'Copied';
  setTimeout(() => {
    $('copy').textContent = 'Copy';
  }, 1500);
});

show('enroll');
