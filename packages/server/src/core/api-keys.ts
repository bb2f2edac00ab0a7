import { type ApiKey, type ApiKeyScope, ApiKeyScopeSchema } from '@reverify/contract';
import { ReverifyError } from '../plugin/errors.js';
import { randomBase62 } from '../plugin/random.js';
import type { ApiKeyRecord } from '../store/queries/api-keys.js';
import type { ReverifyStore } from '../store/store.js';
import { addSeconds } from './context.js';
import { hashSecret, newId } from './ids.js';

/** The prefix of a scoped key ("restricted key"), beside the `sk_` keys of the handler's options. */
export const SCOPED_KEY_PREFIX = 'rk_';

/** A new key: shown once, then only its hash is kept. */
export interface IssuedApiKey {
  readonly key: string;
  readonly apiKey: ApiKey;
}

const resource = ({ hash: _hash, ...record }: ApiKeyRecord): ApiKey => ({
  ...record,
  scopes: [...record.scopes],
});

/**
 * Scoped API keys (SheerID's roles, such as `BULK_VERIFIER`): made, listed,
 * rotated and revoked from the CLI, stored as SHA-256 hashes, and checked
 * by the handler on every request.
 */
export class ApiKeys {
  readonly #store: ReverifyStore;
  readonly #clock: () => Date;

  constructor(store: ReverifyStore, clock: () => Date = () => new Date()) {
    this.#store = store;
    this.#clock = clock;
  }

  /**
   * A new key named `name` with `scopes`.
   *
   * @throws `invalid_request` for an empty name or an unknown scope.
   */
  async create(name: string, scopes: readonly string[]): Promise<IssuedApiKey> {
    const trimmed = name.trim();
    if (!trimmed || trimmed.length > 100) {
      throw new ReverifyError('invalid_request', 'A key needs a name of 1–100 characters.');
    }
    const parsed = scopes.map((scope) => ApiKeyScopeSchema.safeParse(scope));
    const unknown = scopes.filter((_, index) => !parsed[index]?.success);
    if (scopes.length === 0 || unknown.length > 0) {
      throw new ReverifyError(
        'invalid_request',
        unknown.length
          ? `Unknown scope ${unknown.join(', ')}; scopes are ${ApiKeyScopeSchema.options.join(', ')}.`
          : `A key needs at least one scope: ${ApiKeyScopeSchema.options.join(', ')}.`,
        { details: { unknown } },
      );
    }
    return this.#issue(trimmed, [...new Set(scopes as ApiKeyScope[])]);
  }

  /** Every key, oldest first (hashes never leave the store). */
  async list(): Promise<ApiKey[]> {
    return (await this.#store.transaction((tx) => tx.listApiKeys())).map(resource);
  }

  /**
   * A new key with the same name and scopes; the old one keeps working for
   * `graceSeconds` (default 24 h) so deployments can switch, then stops.
   *
   * @throws `not_found` for an unknown id; `invalid_request` for a revoked key.
   */
  async rotate(id: string, graceSeconds = 86_400): Promise<IssuedApiKey> {
    const old = await this.#active(id);
    const until = addSeconds(this.#clock(), graceSeconds);
    const expiresAt = old.expiresAt && old.expiresAt < until ? old.expiresAt : until;
    await this.#store.transaction((tx) => tx.updateApiKey({ ...old, expiresAt }));
    return this.#issue(old.name, old.scopes);
  }

  /** Stops a key at once. @throws `not_found` for an unknown id. */
  async revoke(id: string): Promise<ApiKey> {
    const record = await this.#store.transaction((tx) => tx.getApiKey(id));
    if (!record) throw new ReverifyError('not_found', `No API key has the id ${id}.`);
    const revoked = { ...record, revokedAt: record.revokedAt ?? this.#clock().toISOString() };
    await this.#store.transaction((tx) => tx.updateApiKey(revoked));
    return resource(revoked);
  }

  /** The working key with this hash, or `null` (unknown, revoked or past its end). */
  async find(hash: string): Promise<ApiKeyRecord | null> {
    const record = await this.#store.transaction((tx) => tx.findApiKeyByHash(hash));
    const now = this.#clock().toISOString();
    if (!record || record.revokedAt || (record.expiresAt && record.expiresAt <= now)) return null;
    return record;
  }

  async #active(id: string): Promise<ApiKeyRecord> {
    const record = await this.#store.transaction((tx) => tx.getApiKey(id));
    if (!record) throw new ReverifyError('not_found', `No API key has the id ${id}.`);
    if (record.revokedAt) {
      throw new ReverifyError('invalid_request', `The API key ${id} is revoked; make a new one.`);
    }
    return record;
  }

  async #issue(name: string, scopes: readonly ApiKeyScope[]): Promise<IssuedApiKey> {
    const key = `${SCOPED_KEY_PREFIX}${randomBase62(40)}`;
    const record: ApiKeyRecord = {
      id: newId('key'),
      name,
      hash: hashSecret(key),
      scopes,
      createdAt: this.#clock().toISOString(),
      expiresAt: null,
      revokedAt: null,
    };
    await this.#store.transaction((tx) => tx.insertApiKey(record));
    return { key, apiKey: resource(record) };
  }
}
