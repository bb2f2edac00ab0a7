import type { ApiKeyScope } from '@reverify/contract';

/** A scoped API key made with the CLI; only its SHA-256 is stored. */
export interface ApiKeyRecord {
  readonly id: string;
  readonly name: string;
  readonly hash: string;
  readonly scopes: readonly ApiKeyScope[];
  readonly createdAt: string;
  /** When it stops working (a rotated key's grace period); `null` for no end. */
  readonly expiresAt: string | null;
  readonly revokedAt: string | null;
}

/** Scoped API keys. */
export interface ApiKeyQueries {
  insertApiKey(record: ApiKeyRecord): Promise<void>;
  getApiKey(id: string): Promise<ApiKeyRecord | null>;
  findApiKeyByHash(hash: string): Promise<ApiKeyRecord | null>;
  /** Every key, oldest first. */
  listApiKeys(): Promise<ApiKeyRecord[]>;
  updateApiKey(record: ApiKeyRecord): Promise<void>;
}
