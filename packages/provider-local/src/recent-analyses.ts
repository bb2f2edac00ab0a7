import { createHash } from 'node:crypto';

/**
 * Shares one analysis between the two uses of the same image within a short
 * time: the handler sends the frontal selfie both to the match and, as the
 * first keyframe, to the presence check, and analysing it once keeps a
 * challenge's cost at its turns. Entries (a promise of an analysis, which
 * holds an embedding: biometric data) live in memory only, for at most
 * `ttlMs`, and at most `max` of them; a failed analysis is not kept.
 */
export class RecentAnalyses<T> {
  readonly #entries = new Map<string, Promise<T>>();
  readonly #ttlMs: number;
  readonly #max: number;

  constructor(ttlMs = 30_000, max = 32) {
    this.#ttlMs = ttlMs;
    this.#max = max;
  }

  /** The analysis of `bytes`: a recent one of the same bytes, else `compute(bytes)`. */
  get(bytes: Uint8Array, compute: (bytes: Uint8Array) => Promise<T>): Promise<T> {
    const key = createHash('sha256').update(bytes).digest('base64url');
    const known = this.#entries.get(key);
    if (known) return known;
    const result = compute(bytes);
    this.#entries.set(key, result);
    while (this.#entries.size > this.#max) {
      this.#entries.delete(this.#entries.keys().next().value as string);
    }
    const forget = () => {
      if (this.#entries.get(key) === result) this.#entries.delete(key);
    };
    setTimeout(forget, this.#ttlMs).unref();
    result.catch(forget);
    return result;
  }

  /** Forgets every entry (on close). */
  clear(): void {
    this.#entries.clear();
  }
}
