import type { RateLimiterAbstract } from 'rate-limiter-flexible';
import type { ApiKeyQueries } from './queries/api-keys.js';
import type { AuditQueries } from './queries/audit.js';
import type { BatchQueries } from './queries/batches.js';
import type { BiometricQueries } from './queries/captures.js';
import type { DeliveryQueries } from './queries/deliveries.js';
import type { EnrollmentQueries } from './queries/enrollments.js';
import type { EventQueries } from './queries/events.js';
import type { FactorQueries } from './queries/factors.js';
import type { LockQueries } from './queries/locks.js';
import type { ReverificationQueries } from './queries/reverifications.js';
import type { TokenQueries } from './queries/tokens.js';

export type { StoredImage } from '../plugin/provider.js';
export type * from './queries/api-keys.js';
export type * from './queries/audit.js';
export type * from './queries/batches.js';
export type * from './queries/captures.js';
export type * from './queries/deliveries.js';
export type * from './queries/enrollments.js';
export type * from './queries/events.js';
export type * from './queries/factors.js';
export type * from './queries/locks.js';
export type * from './queries/reverifications.js';
export type * from './queries/tokens.js';

/**
 * The operations one transaction may perform: every query group. Everything
 * done through one `tx` commits together or not at all.
 */
export interface StoreTransaction
  extends EnrollmentQueries,
    ReverificationQueries,
    EventQueries,
    TokenQueries,
    BiometricQueries,
    AuditQueries,
    BatchQueries,
    ApiKeyQueries,
    DeliveryQueries,
    FactorQueries,
    LockQueries {}

/**
 * Where the handler keeps its state. Implementations: `createSqliteStore`
 * (the embedded default), `createPostgresStore` (several instances) and
 * `createMemoryStore` (tests). All pass one conformance suite.
 */
export interface ReverifyStore {
  /**
   * Runs `work` in one transaction: all its writes commit together, or none
   * do when it throws (the error is rethrown). Transactions do not interleave.
   * `work` may run more than once (PostgreSQL runs a transaction again after
   * a serialization failure), so it does nothing outside `tx`.
   */
  transaction<T>(work: (tx: StoreTransaction) => Promise<T>): Promise<T>;
  /**
   * For a store several handler instances share: calls `onEvents` with the
   * reverifications that got events committed by other instances (this
   * one publishes its own after each transaction; `'all'`
   * after the watch reconnected, when some may have been missed). Answers
   * the function that stops watching. A store only one process uses has none.
   */
  watchEvents?(
    onEvents: (reverificationIds: readonly string[] | 'all') => void,
  ): Promise<() => Promise<void>>;
  /**
   * For a store several handler instances share: a rate limiter whose
   * counters live in the store, so a limit holds across instances. A store
   * only one process uses has none (limits are counted in memory).
   */
  rateLimiter?(options: {
    readonly keyPrefix: string;
    readonly points: number;
    readonly duration: number;
  }): RateLimiterAbstract;
  /** Releases the store's resources. */
  close(): Promise<void>;
}
