import dns from 'node:dns';
import type { AddressInfo } from 'node:net';
import { createServer, type Server } from 'node:net';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createReverifyHandler, type ReverifyHandler } from '../handler.js';
import { ReverifyConfigError } from '../plugin/errors.js';
import { createSandboxProvider } from '../providers/sandbox-provider.js';
import { createMemoryStore } from '../store/memory/memory-store.js';
import { newWebhookSecret } from './endpoints.js';
import { isPublicAddress, nonPublicUrlReason } from './public-address.js';

const LIVE_KEY = 'sk_live_0123456789abcdefghijklmnopqrstuv';
const productionProvider = () => ({ ...createSandboxProvider(), production: true });

let handler: ReverifyHandler | undefined;
let listener: Server | undefined;
afterEach(async () => {
  vi.restoreAllMocks();
  await handler?.close();
  await new Promise((done) => (listener ? listener.close(done) : done(undefined)));
  handler = undefined;
  listener = undefined;
});

const production = (url: string, allowPrivateNetworks?: boolean) =>
  createReverifyHandler({
    mode: 'production',
    secretKeys: [LIVE_KEY],
    store: createMemoryStore(),
    provider: productionProvider(),
    sweepIntervalMs: 0,
    webhooks: {
      endpoints: [{ url, secrets: [newWebhookSecret()] }],
      retrySchedule: [],
      pollIntervalMs: 50,
      ...(allowPrivateNetworks === undefined ? {} : { allowPrivateNetworks }),
    },
  });

describe('public addresses', () => {
  it('tells public unicast addresses from loopback, link-local, private and reserved ones', () => {
    for (const address of ['8.8.8.8', '1.1.1.1', '2606:4700:4700::1111'])
      expect({ address, public: isPublicAddress(address) }).toEqual({ address, public: true });
    for (const address of [
      '127.0.0.1',
      '10.1.2.3',
      '172.16.0.1',
      '192.168.1.1',
      '169.254.169.254',
      '100.64.0.1',
      '0.0.0.0',
      '224.0.0.1',
      '255.255.255.255',
      '::1',
      'fe80::1',
      'fd00::1',
      '::ffff:127.0.0.1',
      '::ffff:10.0.0.1',
      'not an address',
    ]) {
      expect({ address, public: isPublicAddress(address) }).toEqual({ address, public: false });
    }
  });

  it('names why a URL may not receive production webhooks', () => {
    const reason = (url: string) => nonPublicUrlReason(new URL(url));
    expect(reason('https://hooks.example.com/reverify')).toBeNull();
    expect(reason('https://user:secret@hooks.example.com/')).toMatch(/credentials/);
    expect(reason('https://169.254.169.254/latest/meta-data')).toMatch(/not a public/);
    expect(reason('https://[::1]:8443/')).toMatch(/not a public/);
    expect(reason('https://LOCALHOST./')).toMatch(/this machine/);
    expect(reason('https://api.localhost/')).toMatch(/this machine/);
  });
});

describe('production webhook endpoints', () => {
  it('refuses non-public endpoints and credentials at setup, unless allowed', async () => {
    for (const url of [
      'https://127.0.0.1/hook',
      'https://[::1]/hook',
      'https://169.254.169.254/latest',
      'https://10.1.2.3/hook',
      'https://[::ffff:192.168.0.1]/hook',
      'https://localhost/hook',
      'https://user:pw@hooks.example.com/hook',
    ]) {
      await expect(production(url), url).rejects.toBeInstanceOf(ReverifyConfigError);
    }
    handler = await production('https://10.1.2.3/hook', true);
  });

  it('connects to no private address a name resolves to at delivery time (DNS rebinding)', async () => {
    let connections = 0;
    listener = createServer((socket) => {
      connections += 1;
      socket.destroy();
    });
    await new Promise<void>((done) => listener?.listen(0, '127.0.0.1', done));
    const { port } = listener.address() as AddressInfo;
    // The name passed the setup check; at delivery it resolves to this machine.
    const real = dns.lookup;
    vi.spyOn(dns, 'lookup').mockImplementation(((
      hostname: string,
      options: object,
      callback: (error: null, addresses: { address: string; family: number }[]) => void,
    ) =>
      hostname === 'rebind.example.com'
        ? callback(null, [{ address: '127.0.0.1', family: 4 }])
        : (real as (...args: unknown[]) => void)(
            hostname,
            options,
            callback,
          )) as typeof dns.lookup);

    for (const allowPrivateNetworks of [false, true]) {
      connections = 0;
      handler = await production(`https://rebind.example.com:${port}/hook`, allowPrivateNetworks);
      await handler.fetch(
        new Request('http://handler.test/v1/reverifications', {
          method: 'POST',
          headers: { Authorization: `Bearer ${LIVE_KEY}`, 'Content-Type': 'application/json' },
          body: JSON.stringify({ referenceId: 'sandbox_approved' }),
        }),
      );
      const deadLetters = async () =>
        (
          (await (
            await (handler as ReverifyHandler).fetch(
              new Request('http://handler.test/v1/webhooks/dead-letters', {
                headers: { Authorization: `Bearer ${LIVE_KEY}` },
              }),
            )
          ).json()) as { deliveries: { lastError: string }[] }
        ).deliveries;
      // No retries: the one attempt ends in the dead letters either way.
      await expect.poll(async () => (await deadLetters()).length, { timeout: 10_000 }).toBe(1);
      const [dead] = await deadLetters();
      if (allowPrivateNetworks) {
        // The control: allowed, the same name does reach the private address.
        expect(connections).toBeGreaterThan(0);
      } else {
        expect(connections).toBe(0);
        expect(dead?.lastError).toMatch(/127\.0\.0\.1, which is not a public address/);
      }
      await handler.close();
      handler = undefined;
    }
  });
});
