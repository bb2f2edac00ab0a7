import type { ClientSession } from '@reverify/contract';
import type { MethodSteps } from '../factors/method-steps.js';
import { ReverifyError } from '../plugin/errors.js';
import { newSecret } from '../plugin/random.js';
import type { ReverificationRecord } from '../store/queries/reverifications.js';
import type { TokenRecord, TokenScope } from '../store/queries/tokens.js';
import type { StoreTransaction } from '../store/store.js';
import { addSeconds, type CoreConfig } from './context.js';
import { hashSecret } from './ids.js';
import type { Lifecycle } from './lifecycle.js';
import type { PresenceSessions } from './presence/sessions.js';

/** How each kind of browser token starts, so a leaked one is recognizable. */
const TOKEN_PREFIX: Record<TokenScope, string> = { upload: 'rvc', stream: 'rvs', handoff: 'rvh' };

/** A fresh pair of browser tokens and when they expire. */
export interface BrowserTokens {
  readonly clientToken: string;
  readonly streamToken: string;
  readonly tokensExpireAt: string;
}

/** `token_expired`, for a browser token past its lifetime. */
export function tokenExpired(): ReverifyError {
  return new ReverifyError(
    'token_expired',
    'The token has expired; ask your server for a new one.',
  );
}

/**
 * The record of a client token inside `tx` (spent or not, expired or not).
 *
 * @throws `unauthorized` (unknown), `forbidden` (a stream or handoff token).
 */
export async function findClientToken(tx: StoreTransaction, token: string): Promise<TokenRecord> {
  const found = await tx.getToken(hashSecret(token));
  if (!found) throw new ReverifyError('unauthorized', 'Unknown token.');
  if (found.scope !== 'upload')
    throw new ReverifyError('forbidden', 'Send the clientToken, not the streamToken.');
  return found;
}

/**
 * The browser's credentials: short-lived tokens scoped to one
 * reverification (upload, stream, handoff), stored only as SHA-256.
 */
export class Tokens {
  readonly #config: CoreConfig;
  readonly #lifecycle: Lifecycle;
  /** The presence part of each browser session (a fresh challenge). */
  readonly presence: PresenceSessions;

  /** The methods part of each browser session. */
  readonly methods: MethodSteps;

  constructor(
    config: CoreConfig,
    lifecycle: Lifecycle,
    presence: PresenceSessions,
    methods: MethodSteps,
  ) {
    this.#config = config;
    this.#lifecycle = lifecycle;
    this.presence = presence;
    this.methods = methods;
  }

  /** Mints one token of `scope` for a reverification inside `tx`. */
  async mint(
    tx: StoreTransaction,
    reverificationId: string,
    scope: TokenScope,
    expiresAt: string,
  ): Promise<string> {
    const token = newSecret(TOKEN_PREFIX[scope]);
    await tx.insertToken({
      hash: hashSecret(token),
      reverificationId,
      scope,
      expiresAt,
      usedAt: null,
    });
    return token;
  }

  /** Mints the client and stream tokens of a reverification inside `tx`. */
  async mintBrowserTokens(
    tx: StoreTransaction,
    record: ReverificationRecord,
  ): Promise<BrowserTokens> {
    const tokensExpireAt = addSeconds(this.#lifecycle.now(), this.#config.tokenTtlSeconds);
    return {
      clientToken: await this.mint(tx, record.id, 'upload', tokensExpireAt),
      streamToken: await this.mint(tx, record.id, 'stream', tokensExpireAt),
      tokensExpireAt,
    };
  }

  /**
   * Checks a browser token for one reverification and one scope.
   *
   * @throws `unauthorized` (unknown), `token_expired`, `forbidden` (other
   *   scope or other reverification).
   */
  async authorize(
    token: string,
    scope: TokenScope,
    reverificationId: string,
  ): Promise<TokenRecord> {
    const record = await this.#config.store.transaction((tx) => tx.getToken(hashSecret(token)));
    if (!record) throw new ReverifyError('unauthorized', 'Unknown token.');
    if (record.scope !== scope) {
      throw new ReverifyError(
        'forbidden',
        `This token cannot be used to ${scope === 'upload' ? 'upload' : 'read events'}.`,
      );
    }
    if (record.reverificationId !== reverificationId) {
      throw new ReverifyError('forbidden', 'This token belongs to another reverification.');
    }
    if (record.expiresAt <= this.#lifecycle.now().toISOString()) throw tokenExpired();
    return record;
  }

  /**
   * What a browser holding only a `clientToken` needs: its reverification's
   * id, referenceId and status, and a fresh stream token that expires with
   * the client token. Once the token uploaded its capture it still opens
   * the session to follow the decision (`purpose: 'follow'`) until it
   * expires, but nothing that captures again (`'capture'`: a handoff link).
   * Each session while a capture may still be taken carries a fresh
   * presence challenge, which replaces the previous one.
   */
  async openClientSession(
    token: string,
    purpose: 'follow' | 'capture' = 'follow',
  ): Promise<ClientSession> {
    const found = await this.#config.store.transaction((tx) => findClientToken(tx, token));
    // A spent client token only follows its decision (a reload shows it); it starts no new capture.
    if (purpose === 'capture' && found.usedAt) {
      throw new ReverifyError(
        'upload_already_used',
        'This client token already uploaded its capture; it can only follow the decision.',
      );
    }
    if (found.expiresAt <= this.#lifecycle.now().toISOString()) throw tokenExpired();
    return this.#lifecycle.transact(async (tx, published) => {
      const current = await this.#lifecycle.current(tx, found.reverificationId, published);
      return {
        reverificationId: current.id,
        referenceId: current.referenceId,
        status: current.status,
        streamToken: await this.mint(tx, current.id, 'stream', found.expiresAt),
        tokensExpireAt: found.expiresAt,
        expiresAt: current.expiresAt,
        presence: await this.presence.open(tx, current),
        methods: await this.methods.session(tx, current),
      };
    });
  }
}
