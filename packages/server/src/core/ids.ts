import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';

/** A random string of `length` base62 characters, with no modulo bias. */
export function randomBase62(length: number): string {
  let out = '';
  while (out.length < length) {
    for (const byte of randomBytes(length * 2)) {
      // 62 * 4 = 248: bytes above that are dropped so every character is equally likely.
      if (byte < 248 && out.length < length) out += ALPHABET[byte % 62];
    }
  }
  return out;
}

/** A new id with a type prefix, e.g. `rv_…`; 24 random base62 characters (~143 bits). */
export function newId(prefix: 'rv' | 'en' | 'cap' | 'evt' | 'req' | 'bat'): string {
  return `${prefix}_${randomBase62(24)}`;
}

/** A new bearer secret with a prefix, e.g. `rvc_…`; 40 random base62 characters (~238 bits). */
export function newSecret(prefix: string): string {
  return `${prefix}_${randomBase62(40)}`;
}

/** SHA-256 hex of a secret. Secrets are high-entropy, so a fast hash is enough to store them. */
export function hashSecret(secret: string): string {
  return createHash('sha256').update(secret, 'utf8').digest('hex');
}

/** Compares two hex digests in constant time. */
export function sameDigest(a: string, b: string): boolean {
  const left = Buffer.from(a, 'hex');
  const right = Buffer.from(b, 'hex');
  return left.length === right.length && timingSafeEqual(left, right);
}
