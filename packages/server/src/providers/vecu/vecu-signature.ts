import { createHmac, timingSafeEqual } from 'node:crypto';
import { ReverifyError } from '../../plugin/errors.js';

/**
 * How a VECU-style provider signs its webhooks with HMAC-SHA256. Providers of
 * this style differ in header names and encodings; the defaults sign
 * `` `${timestamp}.${body}` `` and send `X-Signature: sha256=<hex>` with
 * `X-Timestamp: <unix seconds>`.
 */
export interface HmacSignatureScheme {
  /** The header holding the signature. Default `X-Signature`. */
  readonly header?: string;
  /** Text before the signature in that header. Default `sha256=`. */
  readonly prefix?: string;
  /** How the MAC is written. Default `hex`. */
  readonly encoding?: 'hex' | 'base64';
  /**
   * The header with the Unix time the provider signed at, signed as
   * `` `${timestamp}.${body}` ``; `null` when only the body is signed (and
   * replays are caught by event id alone). Default `X-Timestamp`.
   */
  readonly timestampHeader?: string | null;
  /** Seconds a signed timestamp stays acceptable. Default 300. */
  readonly toleranceSeconds?: number;
}

/** The string a scheme signs. */
export function signedContent(body: string, timestamp: string | null): string {
  return timestamp === null ? body : `${timestamp}.${body}`;
}

/** Signs like a provider using `scheme` would (for fakes and tests). */
export function signHmac(
  secret: string,
  scheme: HmacSignatureScheme,
  body: string,
  timestamp: string | null,
): string {
  const mac = createHmac('sha256', secret)
    .update(signedContent(body, timestamp))
    .digest(scheme.encoding ?? 'hex');
  return `${scheme.prefix ?? 'sha256='}${mac}`;
}

/**
 * Checks a webhook's HMAC-SHA256 signature in constant time, and its
 * timestamp against the tolerance when the scheme signs one.
 *
 * @throws ReverifyError `unauthorized` for a missing, wrong or stale signature.
 */
export function verifyHmacSignature(
  secret: string,
  scheme: HmacSignatureScheme,
  headers: Headers,
  body: string,
  nowSeconds = Math.floor(Date.now() / 1000),
): void {
  const received = headers.get(scheme.header ?? 'X-Signature');
  if (!received) throw new ReverifyError('unauthorized', 'The webhook is not signed.');
  const timestampHeader =
    scheme.timestampHeader === undefined ? 'X-Timestamp' : scheme.timestampHeader;
  let timestamp: string | null = null;
  if (timestampHeader !== null) {
    timestamp = headers.get(timestampHeader);
    const seconds = Number(timestamp);
    if (!timestamp || !Number.isInteger(seconds)) {
      throw new ReverifyError('unauthorized', 'The webhook has no signed timestamp.');
    }
    if (Math.abs(nowSeconds - seconds) > (scheme.toleranceSeconds ?? 300)) {
      throw new ReverifyError('unauthorized', 'The webhook timestamp is outside the tolerance.');
    }
  }
  const expected = Buffer.from(signHmac(secret, scheme, body, timestamp));
  const actual = Buffer.from(received.trim());
  if (expected.length !== actual.length || !timingSafeEqual(expected, actual)) {
    throw new ReverifyError('unauthorized', 'The webhook signature is not valid.');
  }
}
