// Loaded into each matcher worker by the tests (--import): any attempt to
// reach a host other than the loopback is blocked and written to the file
// in NETWORK_GUARD_LOG, so a test can fail on it.

import dns from 'node:dns';
import { appendFileSync } from 'node:fs';
import net from 'node:net';

const log = process.env.NETWORK_GUARD_LOG;
const loopback = (host) =>
  !host || host === 'localhost' || host.startsWith('127.') || host === '::1';
const block = (what) => {
  if (log) appendFileSync(log, `${what}\n`);
  throw new Error(`network guard: blocked ${what}`);
};
const connect = net.Socket.prototype.connect;
net.Socket.prototype.connect = function guarded(...args) {
  const options = typeof args[0] === 'object' ? args[0] : { port: args[0], host: args[1] };
  if (!options.path && !loopback(options.host)) block(`connect ${options.host}:${options.port}`);
  return connect.apply(this, args);
};
const lookup = dns.lookup;
dns.lookup = function guarded(host, ...rest) {
  if (!loopback(host)) block(`dns ${host}`);
  return lookup.call(this, host, ...rest);
};
const originalFetch = globalThis.fetch;
globalThis.fetch = (input, init) => {
  const url = new URL(typeof input === 'string' || input instanceof URL ? input : input.url);
  if (url.protocol !== 'file:' && !loopback(url.hostname)) block(`fetch ${url.href}`);
  return originalFetch(input, init);
};
