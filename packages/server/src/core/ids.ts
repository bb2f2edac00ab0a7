import { createHash } from 'node:crypto';
import { randomBase62 } from '../plugin/random.js';

/** A new id with a type prefix, e.g. `rv_…`; 24 random base62 characters (~143 bits). */
export function newId(prefix: 'rv' | 'en' | 'cap' | 'evt' | 'req' | 'bat' | 'rpt' | 'key'): string {
  return `${prefix}_${randomBase62(24)}`;
}

/** SHA-256 hex of a secret. Secrets are high-entropy, so a fast hash is enough to store them. */
export function hashSecret(secret: string): string {
  return createHash('sha256').update(secret, 'utf8').digest('hex');
}
