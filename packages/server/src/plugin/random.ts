import { randomBytes } from 'node:crypto';

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

/** A new bearer secret with a prefix, e.g. `rvc_…`; 40 random base62 characters (~238 bits). */
export function newSecret(prefix: string): string {
  return `${prefix}_${randomBase62(40)}`;
}
