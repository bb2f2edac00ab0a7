/** What a browser token may do: upload the capture, read events, open a handoff link. */
export type TokenScope = 'upload' | 'stream' | 'handoff';

/** A browser token; only its SHA-256 is stored. */
export interface TokenRecord {
  readonly hash: string;
  readonly reverificationId: string;
  readonly scope: TokenScope;
  readonly expiresAt: string;
  /** When a single-use token was spent; `null` before. */
  readonly usedAt: string | null;
}

/** Browser tokens, stored by hash. */
export interface TokenQueries {
  insertToken(record: TokenRecord): Promise<void>;
  getToken(hash: string): Promise<TokenRecord | null>;
  /** Marks a token spent; returns `false` when it was already spent. */
  markTokenUsed(hash: string, at: string): Promise<boolean>;
  /** Spends every unspent token of `scope` of a reverification (a new handoff link replaces the old). */
  spendTokens(reverificationId: string, scope: TokenScope, at: string): Promise<void>;
}
