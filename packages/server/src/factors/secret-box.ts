import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { ReverifyConfigError, ReverifyError } from '../plugin/errors.js';

const VERSION = 'v1';

/**
 * Encrypts small secrets (authenticator-app seeds) at rest with
 * AES-256-GCM under one key the handler is given (`factors.secretKey`,
 * `$REVERIFY_FACTOR_KEY`), never stored beside the data. Each value gets a
 * fresh 96-bit IV; the associated data binds it to its owner, so a
 * ciphertext copied to another person's row does not decrypt.
 */
export class SecretBox {
  readonly #key: Buffer;

  /** @param key 32 bytes. */
  constructor(key: Uint8Array) {
    if (key.length !== 32) throw new ReverifyConfigError('factors.secretKey must be 32 bytes.');
    this.#key = Buffer.from(key);
  }

  /**
   * A key from its text form: 32 bytes as base64, base64url or 64 hex digits.
   *
   * @throws ReverifyConfigError for anything else.
   */
  static parseKey(text: string): Uint8Array {
    const trimmed = text.trim();
    const bytes = /^[0-9a-f]{64}$/i.test(trimmed)
      ? Buffer.from(trimmed, 'hex')
      : Buffer.from(trimmed.replace(/-/g, '+').replace(/_/g, '/'), 'base64');
    if (bytes.length !== 32) {
      throw new ReverifyConfigError(
        'factors.secretKey (REVERIFY_FACTOR_KEY) must be 32 random bytes, as base64 or 64 hex digits: `openssl rand -base64 32`.',
      );
    }
    return bytes;
  }

  /** `plaintext` encrypted for `owner`: `v1.<iv>.<tag>.<ciphertext>`, base64url. */
  seal(plaintext: string, owner: string): string {
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', this.#key, iv);
    cipher.setAAD(Buffer.from(owner, 'utf8'));
    const data = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
    return [VERSION, iv, cipher.getAuthTag(), data]
      .map((part) => (typeof part === 'string' ? part : part.toString('base64url')))
      .join('.');
  }

  /**
   * The plaintext of a {@link seal}ed value of `owner`.
   *
   * @throws `factor_unavailable` when it was sealed with another key or for another owner.
   */
  open(sealed: string, owner: string): string {
    const [version, iv, tag, data] = sealed.split('.');
    try {
      if (version !== VERSION || !iv || !tag || data === undefined) throw new Error('format');
      const decipher = createDecipheriv('aes-256-gcm', this.#key, Buffer.from(iv, 'base64url'));
      decipher.setAAD(Buffer.from(owner, 'utf8'));
      decipher.setAuthTag(Buffer.from(tag, 'base64url'));
      return Buffer.concat([
        decipher.update(Buffer.from(data, 'base64url')),
        decipher.final(),
      ]).toString('utf8');
    } catch {
      throw new ReverifyError(
        'factor_unavailable',
        'This authenticator was set up under another factor key; set it up again.',
      );
    }
  }
}
