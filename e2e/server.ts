/**
 * The end-to-end test server: the real Reverify handler (sandbox provider,
 * or with `E2E_PROVIDER=local` the local matcher and its presence verifier;
 * memory store so tests can inspect it) on 127.0.0.1, the SDK build under
 * /sdk/ (and the whole handler under /reverify too), the test pages under
 * strict CSP, Lit's ESM files for the npm-build page, the Vue and React
 * hosts, and /test/* routes that play the integrator's server
 * and inject network faults.
 */
import { createServer, type ServerResponse } from 'node:http';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { getRequestListener } from '@hono/node-server';
import { createLocalProvider } from '@reverify/provider-local';
import {
  CONTENT_SECURITY_POLICY,
  createDevInbox,
  createMemoryStore,
  createReverifyHandler,
  createSandboxProvider,
  resolveSdkDirectory,
  serveStatic,
} from '@reverify/server';

export const E2E_PORT = Number(process.env.E2E_PORT ?? 8810);
const ORIGIN = `http://127.0.0.1:${E2E_PORT}`;
/** The same server by name: WebAuthn refuses an IP address as a relying party, so passkey tests use it. */
const NAMED_ORIGIN = `http://localhost:${E2E_PORT}`;
const SECRET_KEY = 'sk_test_e2ee2ee2ee2ee2ee2ee2ee2ee2ee2ee2e';
export const PUBLISHABLE_KEY = 'pk_test_e2ee2ee2ee2ee2ee2ee2ee2ee2ee2ee2e';
const here = dirname(fileURLToPath(import.meta.url));
const require = createRequire(import.meta.url);
const sdkDirectory = resolveSdkDirectory();
if (!sdkDirectory) throw new Error('@reverify/sdk is not built');

/** Person A's photo (scripts/test-media.sh), the reference the local matcher enrolls. */
const PERSON_A = join(here, '../.cache/test-media/person-a.png');
const local = process.env.E2E_PROVIDER === 'local';

let clockOffsetMs = 0;
const store = createMemoryStore();
/** The SMS and email the handler "sent" (the VECU-style phoneNumber flow reads its link here). */
const inbox = createDevInbox();
const handler = await createReverifyHandler({
  mode: 'sandbox',
  secretKeys: [SECRET_KEY],
  publishableKeys: [PUBLISHABLE_KEY],
  store,
  provider: local
    ? createLocalProvider({ threads: 1 })
    : createSandboxProvider({ latencyMs: 300, slowLatencyMs: 3000 }),
  // Short moves, so a challenge nobody answers times out within a test.
  presence: { moveTimeoutMs: 4000 },
  handoff: { notifier: inbox },
  allowedOrigins: [ORIGIN, NAMED_ORIGIN],
  // Passkeys for the named origin; SMS and email codes go to the same dev inbox.
  factors: { rpId: 'localhost' },
  // The README's React component calls /reverify; the other pages call the root. Both work.
  basePath: '/reverify',
  sdkDirectory,
  sweepIntervalMs: 200,
  heartbeatMs: 2000,
  rateLimit: false,
  // The tests reverify the same people many times; the brute-force limit has its own server tests.
  attempts: { max: 10_000, windowSeconds: 60 },
  clock: () => new Date(Date.now() + clockOffsetMs),
});

/** Faults the tests arm; each fires once. */
const faults = { cutNextUploadResponse: false };
const openStreams = new Set<ServerResponse>();
const uploadRequests = new Map<string, number>();

const asServer = (path: string, init: RequestInit = {}) =>
  handler.fetch(
    new Request(`${ORIGIN}${path}`, {
      ...init,
      headers: {
        Authorization: `Bearer ${SECRET_KEY}`,
        'Content-Type': 'application/json',
        ...init.headers,
      },
    }),
  );
const json = (body: unknown, status = 200) =>
  new Response(JSON.stringify(body), {
    status,
    headers: { 'Content-Type': 'application/json', 'Cache-Control': 'no-store' },
  });

/** Enrolls `referenceId` with person A's photo at the local matcher. */
async function enrollPersonA(referenceId: string): Promise<Response> {
  const { readFile } = await import('node:fs/promises');
  const form = new FormData();
  form.set('referenceId', referenceId);
  form.set('selfie', new Blob([await readFile(PERSON_A)], { type: 'image/png' }), 'person-a.png');
  return handler.fetch(
    new Request(`${ORIGIN}/v1/enrollments`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${SECRET_KEY}` },
      body: form,
    }),
  );
}

async function testRoute(request: Request, path: string): Promise<Response> {
  const body =
    request.method === 'POST'
      ? ((await request.json().catch(() => ({}))) as Record<string, unknown>)
      : {};
  switch (`${request.method} ${path}`) {
    case 'POST /test/enroll':
      return local
        ? enrollPersonA(String(body.referenceId))
        : asServer('/v1/enrollments', {
            method: 'POST',
            body: JSON.stringify({
              referenceId: body.referenceId,
              providerEnrollmentId: `e2e-${body.referenceId}`,
            }),
          });
    case 'POST /test/session': {
      const created = await asServer('/v1/reverifications', {
        method: 'POST',
        body: JSON.stringify({ ...body, restart: true }),
      });
      if (!created.ok) return created;
      const session = (await created.json()) as { id: string; clientToken: string };
      return json({ reverificationId: session.id, clientToken: session.clientToken });
    }
    case 'POST /test/contacts': {
      const { referenceId, ...contacts } = body;
      return asServer(`/v1/references/${String(referenceId)}/contacts`, {
        method: 'PUT',
        body: JSON.stringify(contacts),
      });
    }
    case 'GET /test/clock':
      return json({ now: Date.now() + clockOffsetMs });
    case 'GET /test/messages':
      return json({ messages: inbox.messages() });
    case 'POST /test/faults':
      Object.assign(faults, body);
      return json(faults);
    case 'POST /test/drop-streams': {
      const dropped = openStreams.size;
      for (const response of openStreams) response.destroy();
      openStreams.clear();
      return json({ dropped });
    }
    case 'POST /test/advance':
      clockOffsetMs += Number(body.seconds ?? 0) * 1000;
      return json(await handler.sweep());
    default: {
      const factors = path.match(/^\/test\/factors\/([\w-]+)$/);
      if (request.method === 'GET' && factors)
        return asServer(`/v1/references/${factors[1]}/factors`);
      const state = path.match(/^\/test\/state\/(rv_[A-Za-z0-9]+)$/);
      if (request.method === 'GET' && state) {
        const id = state[1] as string;
        const { capture, events } = await store.transaction(async (tx) => ({
          capture: await tx.getCaptureByReverification(id),
          events: await tx.listEvents(id, 0),
        }));
        return json({
          captureId: capture?.id ?? null,
          uploadRequests: uploadRequests.get(id) ?? 0,
          events,
        });
      }
      return json({ error: 'no such test route' }, 404);
    }
  }
}

/** Lit's ESM files for the npm-build page's import map (resolved through the SDK, which depends on Lit). */
const litRequire = createRequire(
  createRequire(require.resolve('@reverify/sdk/package.json')).resolve('lit'),
);
const packageRoot = (name: string) => {
  const entry = litRequire.resolve(name);
  return entry.slice(
    0,
    entry.lastIndexOf(`/node_modules/${name}/`) + `/node_modules/${name}/`.length,
  );
};
const VENDOR: Record<string, string> = {
  lit: dirname(litRequire.resolve('lit')),
  'lit-html': packageRoot('lit-html'),
  'lit-element': packageRoot('lit-element'),
  '@lit/reactive-element': packageRoot('@lit/reactive-element'),
};

/** The import map of the npm-build page, and its hash for the page's CSP. */
async function pageHeaders(path: string): Promise<Record<string, string>> {
  if (path !== '/esm.html') return { 'Content-Security-Policy': CONTENT_SECURITY_POLICY };
  const { createHash } = await import('node:crypto');
  const { readFile } = await import('node:fs/promises');
  const html = await readFile(join(here, 'pages/esm.html'), 'utf8');
  const map = html.match(/<script type="importmap">([\s\S]*?)<\/script>/)?.[1] ?? '';
  const hash = createHash('sha256').update(map).digest('base64');
  return {
    'Content-Security-Policy': CONTENT_SECURITY_POLICY.replace(
      "script-src 'self'",
      `script-src 'self' 'sha256-${hash}'`,
    ),
  };
}

const listener = getRequestListener(async (request, env) => {
  const url = new URL(request.url);
  const path = url.pathname;
  if (path.startsWith('/test/')) return testRoute(request, path);
  const vendor = path.match(/^\/vendor\/((?:@lit\/)?[a-z-]+)\/(.+)$/);
  if (vendor && VENDOR[vendor[1] as string]) {
    return (
      (await serveStatic(request, vendor[2] as string, {
        directory: VENDOR[vendor[1] as string] as string,
      })) ?? new Response(null, { status: 404 })
    );
  }
  const app = path.match(/^\/(spa|react)\//)?.[1];
  if (app) {
    const file = await serveStatic(request, path.slice(app.length + 2), {
      directory: join(here, app, 'dist'),
      spaFallback: true,
      htmlHeaders: { 'Content-Security-Policy': CONTENT_SECURITY_POLICY },
    });
    if (file) return file;
  }
  if (path === '/script-tag.html') {
    // The page pins the script-tag build with its Subresource Integrity hash.
    const { readFile } = await import('node:fs/promises');
    const sri = JSON.parse(await readFile(join(sdkDirectory, 'sri.json'), 'utf8')) as Record<
      string,
      string
    >;
    const html = (await readFile(join(here, 'pages/script-tag.html'), 'utf8')).replace(
      '__SRI__',
      sri['reverify.iife.js'] ?? '',
    );
    // `?connect=<origin>`: the page may also call a handler on that origin (the cross-origin tests).
    const connect = url.searchParams.get('connect');
    const policy =
      connect && /^http:\/\/127\.0\.0\.1:\d+$/.test(connect)
        ? CONTENT_SECURITY_POLICY.replace("connect-src 'self'", `connect-src 'self' ${connect}`)
        : CONTENT_SECURITY_POLICY;
    return new Response(html, {
      headers: {
        'Content-Type': 'text/html; charset=utf-8',
        'Content-Security-Policy': policy,
      },
    });
  }
  if (!path.startsWith('/v1/') && !path.startsWith('/sdk/')) {
    const file = await serveStatic(request, path, {
      directory: join(here, 'pages'),
      htmlHeaders: await pageHeaders(path),
    });
    if (file) return file;
  }
  const capture = path.match(/^\/v1\/reverifications\/(rv_[A-Za-z0-9]+)\/capture$/);
  if (capture && request.method === 'POST') {
    uploadRequests.set(capture[1] as string, (uploadRequests.get(capture[1] as string) ?? 0) + 1);
  }
  if (
    path.endsWith('/events') &&
    request.method === 'GET' &&
    !request.headers.get('Accept')?.includes('json')
  ) {
    openStreams.add(env.outgoing as ServerResponse);
    (env.outgoing as ServerResponse).on('close', () =>
      openStreams.delete(env.outgoing as ServerResponse),
    );
  }
  const response = await handler.fetch(request, { clientIp: env.incoming.socket.remoteAddress });
  if (capture && faults.cutNextUploadResponse && response.status < 300) {
    // The capture was stored; its answer is lost on the way back.
    faults.cutNextUploadResponse = false;
    (env.outgoing as ServerResponse).destroy();
  }
  return response;
});

createServer(listener).listen(E2E_PORT, '127.0.0.1', () => {
  process.stdout.write(`e2e server on ${ORIGIN}\n`);
});
