import { describe, expect, it } from 'vitest';
import { expectReverifyError } from '../../testing/expect-error.js';
import { type HmacSignatureScheme, signHmac, verifyHmacSignature } from './vecu-signature.js';

const SECRET = 'whsec-for-tests';
const BODY = '{"eventId":"evt_1"}';
const NOW = 1_790_000_000;

function headersFor(scheme: HmacSignatureScheme, timestamp: number | null, secret = SECRET) {
  const headers = new Headers();
  headers.set(
    scheme.header ?? 'X-Signature',
    signHmac(secret, scheme, BODY, timestamp === null ? null : String(timestamp)),
  );
  if (timestamp !== null) headers.set(scheme.timestampHeader ?? 'X-Timestamp', String(timestamp));
  return headers;
}

describe('verifyHmacSignature', () => {
  it('accepts the default scheme: sha256=<hex> over timestamp.body', () => {
    const headers = headersFor({}, NOW);
    expect(headers.get('X-Signature')).toMatch(/^sha256=[0-9a-f]{64}$/);
    expect(() => verifyHmacSignature(SECRET, {}, headers, BODY, NOW + 10)).not.toThrow();
  });

  it('accepts a configured scheme: other header, base64, no prefix, body only', () => {
    const scheme = {
      header: 'Vecu-Signature',
      prefix: '',
      encoding: 'base64',
      timestampHeader: null,
    } as const;
    const headers = headersFor(scheme, null);
    expect(headers.get('Vecu-Signature')).toMatch(/^[A-Za-z0-9+/]{43}=$/);
    expect(() => verifyHmacSignature(SECRET, scheme, headers, BODY, NOW)).not.toThrow();
  });

  it('refuses a wrong secret, a changed body, no signature and a stale or missing timestamp', async () => {
    await expectReverifyError(
      () => verifyHmacSignature(SECRET, {}, headersFor({}, NOW, 'other'), BODY, NOW),
      'unauthorized',
    );
    await expectReverifyError(
      () => verifyHmacSignature(SECRET, {}, headersFor({}, NOW), `${BODY} `, NOW),
      'unauthorized',
    );
    await expectReverifyError(
      () => verifyHmacSignature(SECRET, {}, new Headers(), BODY, NOW),
      'unauthorized',
    );
    await expectReverifyError(
      () => verifyHmacSignature(SECRET, {}, headersFor({}, NOW - 301), BODY, NOW),
      'unauthorized',
    );
    const noTimestamp = headersFor({}, NOW);
    noTimestamp.delete('X-Timestamp');
    await expectReverifyError(
      () => verifyHmacSignature(SECRET, {}, noTimestamp, BODY, NOW),
      'unauthorized',
    );
  });
});
