#!/usr/bin/env node
/**
 * `reverify-server`: the Reverify handler on embedded defaults — a SQLite
 * file, the sandbox (or local, Truora, VECU, fake) provider, the SDK under
 * `/sdk/`, optionally a static site and the demo's playground — from one
 * command that works wherever `@reverify/cli` is installed.
 */
import { mkdirSync } from 'node:fs';
import { createServer } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import {
  ApiKeys,
  CONTENT_SECURITY_POLICY,
  createDevInbox,
  createJsonLogger,
  createReverifyHandler,
  type ReverifyHandler,
  type ReverifyStore,
  resolveSdkDirectory,
  serveStatic,
} from '@reverify/server';
import { toNodeListener } from '@reverify/server/node';
import { demoCertificate, lanAddresses } from './https.js';
import { runKeysCommand } from './keys.js';
import { PLAYGROUND_INBOX_PATH, type PlaygroundKeys, playgroundRoutes } from './playground.js';
import { chooseProvider } from './providers.js';
import { sandboxKeys } from './sandbox-keys.js';
import { DATABASE_URL_USAGE, openStore } from './store-choice.js';

const USAGE = `reverify-server — the Reverify handler on embedded defaults (sandbox provider, SQLite file)

  --port <n>        port to listen on (default 8787, or $PORT)
  --host <h>        address to bind (default 127.0.0.1)
  --https           serve https with a self-signed certificate kept in <data-dir>/https.json
                    (browsers warn about it: development only)
  --lan             --host 0.0.0.0 --https, and print the addresses a phone on the same network
                    opens (a phone's camera needs https)
  --data-dir <dir>  where the SQLite file and sandbox keys live (default .reverify)
  ${DATABASE_URL_USAGE}
  --base-path <p>   serve the handler under this path, e.g. /reverify (API at /reverify/v1/…,
                    SDK at /reverify/sdk/…); default: at the root
  --origin <url>    an allowed browser origin; repeatable (default: this server's own origins)
  --static <dir>    also serve this folder at / (single-page app fallback, strict CSP)
  --playground      sandbox playground routes for the demo page (/playground/*)
  --provider <name> sandbox (default); local: real face matching with @reverify/provider-local;
                    truora or vecu: the real APIs, credentials from the environment
                    (TRUORA_API_KEY, TRUORA_WEBHOOK_SECRET; VECU_BASE_URL, VECU_API_KEY,
                    VECU_WEBHOOK_SECRET, see the server README); truora-fake or vecu-fake:
                    local fakes of those APIs (install @reverify/provider-fakes). Sandbox magic
                    referenceIds and forced outcomes keep working with every provider.
  --quiet           no request log

The installed @reverify/sdk is served under <base-path>/sdk/ (script tag, ESM, assets).

Keys: $REVERIFY_SECRET_KEY and $REVERIFY_PUBLISHABLE_KEY, else sandbox keys
generated once and kept in <data-dir>/sandbox-keys.json (mode 0600). Both hold
every scope; \`reverify-server keys\` makes scoped keys (see \`reverify-server keys --help\`).`;

/**
 * The demo's two scoped keys, made fresh at each start (the previous ones
 * revoked): a reviewer key and a batch key.
 */
async function playgroundKeys(store: ReverifyStore): Promise<PlaygroundKeys> {
  const apiKeys = new ApiKeys(store);
  for (const key of await apiKeys.list()) {
    if (key.name.startsWith('demo-') && !key.revokedAt) await apiKeys.revoke(key.id);
  }
  const reviewer = await apiKeys.create('demo-reviewer', ['reviews']);
  const bulk = await apiKeys.create('demo-bulk', ['batches']);
  return { reviewer: reviewer.key, bulk: bulk.key };
}

/** Whether a path is the handler's (its API and SDK, under the base path when one is set). */
function handlerPath(path: string, basePath: string): boolean {
  if (basePath) return path === basePath || path.startsWith(`${basePath}/`);
  return path.startsWith('/v1/') || path.startsWith('/sdk/');
}

async function main(): Promise<void> {
  if (process.argv[2] === 'keys') {
    await runKeysCommand(process.argv.slice(3), (text) => process.stdout.write(text));
    return;
  }
  const { values } = parseArgs({
    options: {
      port: { type: 'string' },
      host: { type: 'string', default: '127.0.0.1' },
      https: { type: 'boolean', default: false },
      lan: { type: 'boolean', default: false },
      'data-dir': { type: 'string', default: '.reverify' },
      'database-url': { type: 'string' },
      'base-path': { type: 'string', default: '' },
      origin: { type: 'string', multiple: true },
      quiet: { type: 'boolean', default: false },
      static: { type: 'string' },
      playground: { type: 'boolean', default: false },
      provider: { type: 'string', default: 'sandbox' },
      help: { type: 'boolean', default: false },
    },
  });
  if (values.help) {
    process.stdout.write(`${USAGE}\n`);
    return;
  }
  const port = Number(values.port ?? process.env.PORT ?? 8787);
  const basePath = values['base-path'].replace(/\/+$/, '');
  const host = values.lan ? '0.0.0.0' : values.host;
  const scheme = values.https || values.lan ? 'https' : 'http';
  const lan = values.lan ? lanAddresses() : [];
  const dataDir = resolve(values['data-dir']);
  mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  const keys = sandboxKeys(dataDir);
  const ownOrigins = [host, 'localhost', '127.0.0.1', ...lan].map(
    (name) => `${scheme}://${name}:${port}`,
  );
  const allowedOrigins = [...new Set([...ownOrigins, ...(values.origin ?? [])])];
  const sdkDirectory = resolveSdkDirectory();
  const provider = await chooseProvider(
    values.provider,
    `http://127.0.0.1:${port}${basePath}/v1/providers`,
  );
  const messages = createDevInbox();
  const { store, description } = await openStore(dataDir, values['database-url']);
  const handler = await createReverifyHandler({
    mode: 'sandbox',
    basePath,
    handoff: { notifier: messages },
    // A demo reverifies the same people often; production keeps the default limit.
    attempts: { max: 100, windowSeconds: 3600 },
    ...(provider ? { provider } : {}),
    secretKeys: [keys.secretKey],
    publishableKeys: [keys.publishableKey],
    store,
    allowedOrigins,
    ...(sdkDirectory ? { sdkDirectory } : {}),
    ...(values.playground
      ? {
          webhooks: {
            endpoints: [
              {
                url: `http://127.0.0.1:${port}${PLAYGROUND_INBOX_PATH}`,
                secrets: [keys.webhookSecret],
              },
            ],
          },
        }
      : {}),
    ...(values.quiet ? {} : { logger: createJsonLogger((line) => process.stderr.write(line)) }),
  });
  const playground = values.playground
    ? playgroundRoutes(
        handler,
        keys.secretKey,
        allowedOrigins,
        keys.webhookSecret,
        messages,
        await playgroundKeys(store),
      )
    : null;
  const staticDirectory = values.static ? resolve(values.static) : null;
  const site: ReverifyHandler = {
    ...handler,
    async fetch(request, context) {
      const path = new URL(request.url).pathname;
      const fromPlayground = playground ? await playground(request) : null;
      if (fromPlayground) return fromPlayground;
      if (staticDirectory && !handlerPath(path, basePath)) {
        const file = await serveStatic(request, path, {
          directory: staticDirectory,
          spaFallback: true,
          htmlHeaders: {
            'Content-Security-Policy': CONTENT_SECURITY_POLICY,
            'Referrer-Policy': 'no-referrer',
          },
        });
        if (file) return file;
      }
      return handler.fetch(request, context);
    },
  };
  const listener = toNodeListener(site);
  const certificate = scheme === 'https' ? await demoCertificate(dataDir, lan) : null;
  const server = certificate
    ? createHttpsServer({ key: certificate.key, cert: certificate.cert }, listener)
    : createServer(listener);
  await new Promise<void>((done) => server.listen(port, host, done));
  const siteUrl = `${scheme}://${host === '0.0.0.0' ? 'localhost' : host}:${port}`;
  const url = `${siteUrl}${basePath}`;
  process.stdout.write(
    [
      `Reverify handler (sandbox, ${values.provider} provider) listening on ${url}`,
      ...(staticDirectory ? [`  site:            ${siteUrl}/`] : []),
      `  health:          ${url}/v1/health`,
      ...(sdkDirectory ? [`  sdk:             ${url}/sdk/reverify.iife.js`] : []),
      `  secret key:      ${keys.secretKey}`,
      `  publishable key: ${keys.publishableKey}`,
      ...(values.playground
        ? [`  webhook secret:  ${keys.webhookSecret} (inbox: ${siteUrl}/playground/webhooks)`]
        : []),
      `  data:            ${dataDir}`,
      `  store:           ${description}`,
      ...(certificate
        ? [
            `  certificate:     self-signed, SHA-256 ${certificate.fingerprint}`,
            '                   (browsers warn once per address: accept it there; never in production)',
          ]
        : []),
      ...lan.map(
        (address) =>
          `  on your network: ${scheme}://${address}:${port}/ (open this on the computer too, so the handoff QR points here)`,
      ),
      // The address to open comes last, where it is seen.
      staticDirectory ? `Open ${siteUrl}/` : `Ready: ${url}/v1/health`,
      '',
    ].join('\n'),
  );
  // Graceful (see ReverifyHandler.close): no new connections, open streams end,
  // what is in flight finishes; then the store closes.
  const stop = () => {
    server.close();
    server.closeIdleConnections();
    handler
      .close()
      .then(() => store.close())
      .then(
        () => process.exit(0),
        () => process.exit(1),
      );
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

main().catch((error: unknown) => {
  process.stderr.write(
    `reverify-server: ${error instanceof Error ? error.message : String(error)}\n`,
  );
  process.exit(1);
});
