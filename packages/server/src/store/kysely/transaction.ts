import type { Transaction } from 'kysely';
import type { StoreTransaction } from '../store.js';
import { apiKeyQueries } from './api-keys.js';
import { auditQueries } from './audit.js';
import { batchQueries } from './batches.js';
import { biometricQueries } from './biometrics.js';
import { deliveryQueries } from './deliveries.js';
import { enrollmentQueries } from './enrollments.js';
import { eventQueries } from './events.js';
import { reverificationQueries } from './reverifications.js';
import type { CommitEffects, Database } from './schema.js';
import { tokenQueries } from './tokens.js';

/**
 * Every query group on one Kysely transaction (with `CamelCasePlugin`). The
 * queries are dialect-neutral; a store built on them only opens the
 * transaction and finishes its `effects` after the commit.
 */
export function kyselyTransaction(
  db: Transaction<Database>,
  effects: CommitEffects,
): StoreTransaction {
  return {
    ...enrollmentQueries(db),
    ...reverificationQueries(db),
    ...eventQueries(db),
    ...tokenQueries(db),
    ...biometricQueries(db, effects),
    ...auditQueries(db),
    ...batchQueries(db),
    ...apiKeyQueries(db),
    ...deliveryQueries(db),
  };
}
