import { X509Certificate } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { networkInterfaces } from 'node:os';
import { join } from 'node:path';
import { generate } from 'selfsigned';

/** A TLS key and certificate for `node:https`. */
export interface DemoCertificate {
  readonly key: string;
  readonly cert: string;
  /** SHA-256 fingerprint, to compare with what the phone's browser shows. */
  readonly fingerprint: string;
}

/** This machine's IPv4 addresses on its networks (not loopback): where a phone on the same Wi-Fi can reach it. */
export function lanAddresses(): string[] {
  return Object.values(networkInterfaces())
    .flat()
    .filter((entry) => entry && entry.family === 'IPv4' && !entry.internal)
    .map((entry) => (entry as { address: string }).address);
}

/** The certificate's names: `localhost`, loopback and every given address. */
function subjectAltName(addresses: readonly string[]): string {
  return ['DNS:localhost', ...['127.0.0.1', ...addresses].map((ip) => `IP Address:${ip}`)].join(
    ', ',
  );
}

/**
 * A self-signed certificate for development over https (a phone's camera
 * needs a secure page): kept in `<dataDir>/https.json` (mode 0600) and made
 * again when it expires within a day or does not name every address.
 * Browsers warn about it, since no authority signed it; it is for a demo on
 * your own network, never for production.
 */
export async function demoCertificate(
  dataDir: string,
  addresses: readonly string[],
): Promise<DemoCertificate> {
  const file = join(dataDir, 'https.json');
  const wanted = subjectAltName(addresses);
  if (existsSync(file)) {
    const stored = JSON.parse(readFileSync(file, 'utf8')) as DemoCertificate;
    const x509 = new X509Certificate(stored.cert);
    if (x509.subjectAltName === wanted && Date.parse(x509.validTo) > Date.now() + 86_400_000) {
      return stored;
    }
  }
  const made = await generate([{ name: 'commonName', value: 'Reverify demo (self-signed)' }], {
    keyType: 'ec',
    curve: 'P-256',
    algorithm: 'sha256',
    notAfterDate: new Date(Date.now() + 30 * 86_400_000),
    extensions: [
      { name: 'basicConstraints', cA: false },
      { name: 'keyUsage', digitalSignature: true, keyEncipherment: true },
      { name: 'extKeyUsage', serverAuth: true },
      {
        name: 'subjectAltName',
        altNames: [
          { type: 2, value: 'localhost' },
          ...['127.0.0.1', ...addresses].map((ip) => ({ type: 7 as const, ip })),
        ],
      },
    ],
  });
  const certificate: DemoCertificate = {
    key: made.private,
    cert: made.cert,
    fingerprint: new X509Certificate(made.cert).fingerprint256,
  };
  writeFileSync(file, `${JSON.stringify(certificate)}\n`, { mode: 0o600 });
  return certificate;
}
