import type { IncomingMessage } from 'node:http';
import proxyaddr from 'proxy-addr';
import { ReverifyConfigError } from '../plugin/errors.js';

/**
 * Which proxies in front of the handler may speak for the client through
 * `X-Forwarded-For`:
 * - `false`: none; the socket's address is the client's;
 * - `true` or a number `n`: the `n` nearest hops (`true` is one: the load
 *   balancer or reverse proxy right in front);
 * - a list of addresses, CIDR ranges or the names `loopback`, `linklocal`,
 *   `uniquelocal`: exactly those proxies.
 *
 * The client's address is then the nearest hop that is not a trusted proxy:
 * the right-most untrusted `X-Forwarded-For` entry, never the left-most one
 * that the client itself writes.
 */
export type TrustProxy = boolean | number | readonly string[];

/** A compiled {@link TrustProxy}: whether hop `index` (0 = the socket) at `address` is trusted. */
export type ProxyTrust = (address: string, index: number) => boolean;

/**
 * Compiles a {@link TrustProxy} setting, or `null` when no proxy is trusted.
 *
 * @throws {@link ReverifyConfigError} for a negative count or a malformed address.
 */
export function compileTrustProxy(trust: TrustProxy): ProxyTrust | null {
  if (trust === false || trust === 0) return null;
  if (trust === true) return (_address, index) => index < 1;
  if (typeof trust === 'number') {
    if (!Number.isInteger(trust) || trust < 0)
      throw new ReverifyConfigError('trustProxy: a hop count must be an integer ≥ 0.');
    return (_address, index) => index < trust;
  }
  try {
    return proxyaddr.compile([...trust]);
  } catch (cause) {
    throw new ReverifyConfigError(
      `trustProxy: ${cause instanceof Error ? cause.message : String(cause)}`,
    );
  }
}

/**
 * The client's address: the socket's, or with trusted proxies the nearest
 * `X-Forwarded-For` hop that is not one of them.
 */
export function clientAddress(
  socketAddress: string | undefined,
  forwardedFor: string | undefined,
  trust: ProxyTrust | null,
): string {
  if (!socketAddress) return 'unknown';
  if (!trust || !forwardedFor) return socketAddress;
  // proxy-addr reads only these two fields of Node's request.
  const request = {
    socket: { remoteAddress: socketAddress },
    headers: { 'x-forwarded-for': forwardedFor },
  } as unknown as IncomingMessage;
  return proxyaddr(request, trust);
}
