import dns, { type LookupAddress, type LookupOptions } from 'node:dns';
import { isIP } from 'node:net';
import ipaddr from 'ipaddr.js';

/**
 * Whether `address` (an IP literal) is a public unicast address: not
 * loopback, link-local (`169.254.169.254`, cloud metadata), private,
 * unique-local, carrier-grade NAT, multicast, reserved or unspecified, also
 * when written as an IPv4-mapped IPv6 address.
 */
export function isPublicAddress(address: string): boolean {
  if (!ipaddr.isValid(address)) return false;
  let parsed = ipaddr.parse(address);
  if (parsed.kind() === 'ipv6' && (parsed as ipaddr.IPv6).isIPv4MappedAddress()) {
    parsed = (parsed as ipaddr.IPv6).toIPv4Address();
  }
  return parsed.range() === 'unicast';
}

/**
 * Why `url` may not receive webhooks from a production handler, or `null`:
 * credentials in the URL, a host that is a non-public IP literal, or a name
 * that always means this machine. Names are checked again, after DNS, at
 * every delivery (see {@link publicOnlyLookup}).
 */
export function nonPublicUrlReason(url: URL): string | null {
  if (url.username || url.password) return 'it carries credentials';
  const host = url.hostname.replace(/^\[|\]$/g, '');
  if (isIP(host)) return isPublicAddress(host) ? null : `${host} is not a public address`;
  const name = host.toLowerCase().replace(/\.$/, '');
  if (name === 'localhost' || name.endsWith('.localhost')) return `${host} is this machine`;
  return null;
}

type LookupCallback = (
  error: NodeJS.ErrnoException | null,
  address: string | LookupAddress[],
  family?: number,
) => void;

/** The part of `dns.lookup` that {@link publicOnlyLookup} calls. */
export type Resolver = (
  hostname: string,
  options: LookupOptions & { all: true },
  callback: (error: NodeJS.ErrnoException | null, addresses: LookupAddress[]) => void,
) => void;

/**
 * A `dns.lookup` for outgoing webhook connections that fails unless every
 * address the name resolves to is public. The connection then goes to the
 * address checked here, so a name that resolves to a public address for a
 * check and a private one for the connection (DNS rebinding) cannot reach
 * the private network.
 *
 * @param resolve the resolver to check (default `dns.lookup`, looked up at each call)
 */
export function publicOnlyLookup(
  resolve: Resolver = (hostname, options, callback) => dns.lookup(hostname, options, callback),
) {
  return (hostname: string, options: LookupOptions, callback: LookupCallback): void => {
    resolve(hostname, { ...options, all: true }, (error, addresses) => {
      if (error) {
        callback(error, []);
        return;
      }
      const refused = addresses.find((entry) => !isPublicAddress(entry.address));
      if (refused || addresses.length === 0) {
        const failure: NodeJS.ErrnoException = new Error(
          `${hostname} resolves to ${refused?.address ?? 'nothing'}, which is not a public address`,
        );
        failure.code = 'ENOTPUBLIC';
        callback(failure, []);
        return;
      }
      if (options.all) callback(null, addresses);
      else callback(null, addresses[0]?.address as string, addresses[0]?.family);
    });
  };
}
