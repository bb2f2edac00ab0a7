import { type Kysely, type Migration, type MigrationProvider, sql } from 'kysely';

/** The SQL dialects the store runs on. */
export type SqlDialect = 'sqlite' | 'postgres';

/** The column types that differ between the dialects. */
interface DialectTypes {
  /** Bytes: SQLite `blob`, PostgreSQL `bytea`. */
  readonly blob: 'blob' | 'bytea';
  /** A double: SQLite's `real` is 8 bytes, PostgreSQL's only 4, so there `double precision`. */
  readonly real: 'real' | 'double precision';
}

const TYPES: Record<SqlDialect, DialectTypes> = {
  sqlite: { blob: 'blob', real: 'real' },
  postgres: { blob: 'bytea', real: 'double precision' },
};

/** The table of `rate-limiter-flexible`'s PostgreSQL limiter (its own columns). */
export const RATE_LIMITS_TABLE = 'rate_limits';

/** Makes `audit_log` refuse every UPDATE and DELETE, in the dialect's own trigger syntax. */
async function appendOnlyAuditLog(db: Kysely<unknown>, dialect: SqlDialect): Promise<void> {
  if (dialect === 'postgres') {
    await sql
      .raw(
        `CREATE FUNCTION audit_log_append_only() RETURNS trigger LANGUAGE plpgsql AS ` +
          `$$ BEGIN RAISE EXCEPTION 'audit_log is append-only'; END $$`,
      )
      .execute(db);
  }
  for (const operation of ['UPDATE', 'DELETE']) {
    const name = `audit_log_no_${operation.toLowerCase()}`;
    await sql
      .raw(
        dialect === 'postgres'
          ? `CREATE TRIGGER ${name} BEFORE ${operation} ON audit_log FOR EACH ROW EXECUTE FUNCTION audit_log_append_only()`
          : `CREATE TRIGGER ${name} BEFORE ${operation} ON audit_log BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END`,
      )
      .execute(db);
  }
}

/**
 * Versioned schema migrations, applied in name order by Kysely's Migrator,
 * the same on every dialect but for {@link DialectTypes} and the audit
 * log's trigger. A released migration is never edited; changes come as a
 * new entry.
 */
export function migrationsFor(dialect: SqlDialect): Record<string, Migration> {
  const { blob, real } = TYPES[dialect];
  return {
    '0001_initial': {
      async up(db: Kysely<unknown>) {
        await db.schema
          .createTable('enrollments')
          .addColumn('id', 'text', (c) => c.primaryKey())
          .addColumn('reference_id', 'text', (c) => c.notNull().unique())
          .addColumn('status', 'text', (c) => c.notNull())
          .addColumn('provider', 'text', (c) => c.notNull())
          .addColumn('provider_enrollment_id', 'text')
          .addColumn('failure_reason', 'text')
          .addColumn('metadata', 'text', (c) => c.notNull())
          .addColumn('created_at', 'text', (c) => c.notNull())
          .addColumn('updated_at', 'text', (c) => c.notNull())
          .execute();
        await db.schema
          .createTable('reference_images')
          .addColumn('enrollment_id', 'text', (c) =>
            c.primaryKey().references('enrollments.id').onDelete('cascade'),
          )
          .addColumn('bytes', blob, (c) => c.notNull())
          .addColumn('format', 'text', (c) => c.notNull())
          .addColumn('width', 'integer', (c) => c.notNull())
          .addColumn('height', 'integer', (c) => c.notNull())
          .execute();
        await db.schema
          .createTable('reverifications')
          .addColumn('id', 'text', (c) => c.primaryKey())
          .addColumn('reference_id', 'text', (c) => c.notNull())
          .addColumn('status', 'text', (c) => c.notNull())
          .addColumn('decision', 'text')
          .addColumn('reasons', 'text', (c) => c.notNull())
          .addColumn('threshold', real)
          .addColumn('timeout_seconds', 'integer', (c) => c.notNull())
          .addColumn('metadata', 'text', (c) => c.notNull())
          .addColumn('provider', 'text', (c) => c.notNull())
          .addColumn('retry_of', 'text')
          .addColumn('sandbox_outcome', 'text')
          .addColumn('match_score', real)
          .addColumn('liveness_score', real)
          .addColumn('provider_reference', 'text')
          .addColumn('created_at', 'text', (c) => c.notNull())
          .addColumn('updated_at', 'text', (c) => c.notNull())
          .addColumn('expires_at', 'text', (c) => c.notNull())
          .addColumn('completed_at', 'text')
          .addColumn('purge_after', 'text')
          .execute();
        await db.schema
          .createIndex('reverifications_by_reference')
          .on('reverifications')
          .columns(['reference_id', 'created_at'])
          .execute();
        await db.schema
          .createIndex('reverifications_by_expiry')
          .on('reverifications')
          .columns(['status', 'expires_at'])
          .execute();
        await db.schema
          .createTable('reverification_events')
          .addColumn('reverification_id', 'text', (c) =>
            c.notNull().references('reverifications.id').onDelete('cascade'),
          )
          .addColumn('sequence', 'integer', (c) => c.notNull())
          .addColumn('payload', 'text', (c) => c.notNull())
          .addPrimaryKeyConstraint('reverification_events_pk', ['reverification_id', 'sequence'])
          .execute();
        await db.schema
          .createTable('tokens')
          .addColumn('hash', 'text', (c) => c.primaryKey())
          .addColumn('reverification_id', 'text', (c) =>
            c.notNull().references('reverifications.id').onDelete('cascade'),
          )
          .addColumn('scope', 'text', (c) => c.notNull())
          .addColumn('expires_at', 'text', (c) => c.notNull())
          .addColumn('used_at', 'text')
          .execute();
        await db.schema
          .createTable('captures')
          .addColumn('id', 'text', (c) => c.primaryKey())
          .addColumn('reverification_id', 'text', (c) =>
            c.notNull().unique().references('reverifications.id').onDelete('cascade'),
          )
          .addColumn('idempotency_key', 'text')
          .addColumn('bytes', blob)
          .addColumn('format', 'text')
          .addColumn('width', 'integer')
          .addColumn('height', 'integer')
          .addColumn('checks', 'text')
          .addColumn('created_at', 'text', (c) => c.notNull())
          .addColumn('purged_at', 'text')
          .execute();
      },
    },
    '0002_webhooks': {
      async up(db: Kysely<unknown>) {
        await db.schema
          .createTable('webhook_deliveries')
          .addColumn('id', 'text', (c) => c.primaryKey())
          .addColumn('event_id', 'text', (c) => c.notNull())
          .addColumn('endpoint_id', 'text', (c) => c.notNull())
          .addColumn('event_type', 'text', (c) => c.notNull())
          .addColumn('reverification_id', 'text')
          .addColumn('sequence', 'integer', (c) => c.notNull())
          .addColumn('payload', 'text', (c) => c.notNull())
          .addColumn('status', 'text', (c) => c.notNull())
          .addColumn('attempts', 'integer', (c) => c.notNull())
          .addColumn('next_attempt_at', 'text')
          .addColumn('last_status', 'integer')
          .addColumn('last_error', 'text')
          .addColumn('created_at', 'text', (c) => c.notNull())
          .addColumn('updated_at', 'text', (c) => c.notNull())
          .addColumn('delivered_at', 'text')
          .execute();
        await db.schema
          .createIndex('webhook_deliveries_due')
          .on('webhook_deliveries')
          .columns(['status', 'next_attempt_at'])
          .execute();
        await db.schema
          .createIndex('webhook_deliveries_order')
          .on('webhook_deliveries')
          .columns(['endpoint_id', 'reverification_id', 'status', 'sequence'])
          .execute();
        await db.schema
          .createTable('webhook_endpoints')
          .addColumn('id', 'text', (c) => c.primaryKey())
          .addColumn('disabled_at', 'text')
          .addColumn('consecutive_failures', 'integer', (c) => c.notNull())
          .addColumn('last_success_at', 'text')
          .addColumn('last_failure_at', 'text')
          .addColumn('last_status', 'integer')
          .execute();
      },
    },
    '0003_provider_templates': {
      async up(db: Kysely<unknown>) {
        await db.schema
          .createTable('provider_templates')
          .addColumn('provider', 'text', (c) => c.notNull())
          .addColumn('reference_id', 'text', (c) => c.notNull())
          .addColumn('template', blob, (c) => c.notNull())
          .addPrimaryKeyConstraint('provider_templates_pk', ['provider', 'reference_id'])
          .execute();
      },
    },
    '0004_operations': {
      async up(db: Kysely<unknown>) {
        await db.schema
          .createIndex('reverifications_by_status')
          .on('reverifications')
          .columns(['status', 'decision', 'created_at'])
          .execute();
        await db.schema
          .createTable('audit_log')
          .addColumn('id', dialect === 'postgres' ? 'serial' : 'integer', (c) =>
            dialect === 'postgres' ? c.primaryKey() : c.primaryKey().autoIncrement(),
          )
          .addColumn('reverification_id', 'text', (c) => c.notNull())
          .addColumn('reference_id', 'text', (c) => c.notNull())
          .addColumn('action', 'text', (c) => c.notNull())
          .addColumn('actor', 'text', (c) => c.notNull())
          .addColumn('occurred_at', 'text', (c) => c.notNull())
          .addColumn('previous_decision', 'text')
          .addColumn('decision', 'text')
          .addColumn('notes', 'text')
          .addColumn('related_reverification_id', 'text')
          .execute();
        await db.schema
          .createIndex('audit_log_by_reverification')
          .on('audit_log')
          .columns(['reverification_id', 'id'])
          .execute();
        // Append-only, enforced by the database itself.
        await appendOnlyAuditLog(db, dialect);
        await db.schema
          .createTable('batches')
          .addColumn('id', 'text', (c) => c.primaryKey())
          .addColumn('status', 'text', (c) => c.notNull())
          .addColumn('options', 'text', (c) => c.notNull())
          .addColumn('total', 'integer', (c) => c.notNull())
          .addColumn('processed', 'integer', (c) => c.notNull())
          .addColumn('failed', 'integer', (c) => c.notNull())
          .addColumn('created_at', 'text', (c) => c.notNull())
          .addColumn('updated_at', 'text', (c) => c.notNull())
          .addColumn('completed_at', 'text')
          .addColumn('report_status', 'text', (c) => c.notNull())
          .addColumn('report_csv', 'text')
          .addColumn('report_generated_at', 'text')
          .execute();
        await db.schema
          .createTable('batch_items')
          .addColumn('batch_id', 'text', (c) =>
            c.notNull().references('batches.id').onDelete('cascade'),
          )
          .addColumn('row', 'integer', (c) => c.notNull())
          .addColumn('reference_id', 'text', (c) => c.notNull())
          .addColumn('phone_number', 'text')
          .addColumn('email', 'text')
          .addColumn('status', 'text', (c) => c.notNull())
          .addColumn('error_code', 'text')
          .addColumn('reverification_id', 'text')
          .addColumn('message_channel', 'text')
          .addColumn('updated_at', 'text', (c) => c.notNull())
          .addPrimaryKeyConstraint('batch_items_pk', ['batch_id', 'row'])
          .execute();
      },
    },
    '0005_presence': {
      async up(db: Kysely<unknown>) {
        const defaultSteps = JSON.stringify({
          match: { status: 'skipped', score: null },
          liveness: { status: 'skipped', score: null, method: null },
        });
        // Rows from before presence checks were decided on the match alone.
        for (const [column, type, fallback] of [
          ['liveness_policy', 'text', "'off'"],
          ['challenge', 'text', null],
          ['fixed_challenge_moves', 'text', null],
          ['steps', 'text', `'${defaultSteps}'`],
          ['liveness_reasons', 'text', "'[]'"],
          ['pending_match', 'text', null],
        ] as const) {
          await db.schema
            .alterTable('reverifications')
            .addColumn(column, type, (c) =>
              fallback ? c.notNull().defaultTo(sql.raw(fallback)) : c,
            )
            .execute();
        }
        await db.schema.alterTable('captures').addColumn('presence', 'text').execute();
        await db.schema
          .createTable('capture_keyframes')
          .addColumn('capture_id', 'text', (c) =>
            c.notNull().references('captures.id').onDelete('cascade'),
          )
          .addColumn('name', 'text', (c) => c.notNull())
          .addColumn('at_ms', 'integer', (c) => c.notNull())
          .addColumn('bytes', blob, (c) => c.notNull())
          .addColumn('format', 'text', (c) => c.notNull())
          .addColumn('width', 'integer', (c) => c.notNull())
          .addColumn('height', 'integer', (c) => c.notNull())
          .addPrimaryKeyConstraint('capture_keyframes_pk', ['capture_id', 'name'])
          .execute();
        await db.schema
          .createTable('capture_clips')
          .addColumn('capture_id', 'text', (c) =>
            c.primaryKey().references('captures.id').onDelete('cascade'),
          )
          .addColumn('bytes', blob, (c) => c.notNull())
          .addColumn('mime_type', 'text', (c) => c.notNull())
          .addColumn('duration_ms', 'integer', (c) => c.notNull())
          .addColumn('width', 'integer', (c) => c.notNull())
          .addColumn('height', 'integer', (c) => c.notNull())
          .addColumn('codec', 'text', (c) => c.notNull())
          .execute();
      },
    },
    '0006_assurance': {
      async up(db: Kysely<unknown>) {
        // The tier a row's liveness policy meets, as `tierOfLiveness` names it.
        await db.schema
          .alterTable('reverifications')
          .addColumn('tier', 'text', (c) => c.notNull().defaultTo('BASIC'))
          .execute();
        await sql`UPDATE reverifications SET tier = CASE liveness_policy
        WHEN 'active' THEN 'ENHANCED' WHEN 'passive' THEN 'STANDARD' ELSE 'BASIC' END`.execute(db);
        await db.schema.alterTable('reverifications').addColumn('workflow', 'text').execute();
      },
    },
    '0007_batch_reports': {
      async up(db: Kysely<unknown>) {
        await db.schema
          .createTable('batch_reports')
          .addColumn('id', 'text', (c) => c.primaryKey())
          .addColumn('batch_id', 'text', (c) =>
            c.notNull().references('batches.id').onDelete('cascade'),
          )
          .addColumn('status', 'text', (c) => c.notNull())
          .addColumn('requester', 'text', (c) => c.notNull())
          .addColumn('csv', 'text')
          .addColumn('created_at', 'text', (c) => c.notNull())
          .addColumn('completed_at', 'text')
          .execute();
        await db.schema
          .createIndex('batch_reports_pending')
          .on('batch_reports')
          .columns(['status', 'batch_id', 'created_at'])
          .execute();
      },
    },
    '0008_api_keys': {
      async up(db: Kysely<unknown>) {
        await db.schema
          .createTable('api_keys')
          .addColumn('id', 'text', (c) => c.primaryKey())
          .addColumn('name', 'text', (c) => c.notNull())
          .addColumn('hash', 'text', (c) => c.notNull().unique())
          .addColumn('scopes', 'text', (c) => c.notNull())
          .addColumn('created_at', 'text', (c) => c.notNull())
          .addColumn('expires_at', 'text')
          .addColumn('revoked_at', 'text')
          .execute();
      },
    },
    '0009_scale': {
      async up(db: Kysely<unknown>) {
        // Batch items are claimed with a lease, so several instances share a batch.
        await db.schema.alterTable('batch_items').addColumn('lease_until', 'text').execute();
        // The history's sort (newest first, keyset cursor) and its filters (referenceId has one).
        for (const [name, columns] of [
          ['reverifications_created', ['created_at', 'id']],
          ['reverifications_status_created', ['status', 'created_at', 'id']],
          ['reverifications_decision_created', ['decision', 'created_at', 'id']],
          // A provider's webhook names its match by the provider's reference.
          ['reverifications_provider_reference', ['provider', 'provider_reference']],
        ] as const) {
          await db.schema
            .createIndex(name)
            .on('reverifications')
            .columns([...columns])
            .execute();
        }
      },
    },
    '0010_rate_limits': {
      async up(db: Kysely<unknown>) {
        // Shared counters only matter to instances sharing PostgreSQL; SQLite counts in memory.
        if (dialect !== 'postgres') return;
        await db.schema
          .createTable(RATE_LIMITS_TABLE)
          .addColumn('key', 'varchar(255)', (c) => c.primaryKey())
          .addColumn('points', 'integer', (c) => c.notNull().defaultTo(0))
          .addColumn('expire', 'bigint')
          .execute();
      },
    },
    '0011_factors': {
      async up(db: Kysely<unknown>) {
        await db.schema
          .alterTable('reverifications')
          .addColumn('method_policy', 'text', (c) => c.notNull().defaultTo('[["selfie"]]'))
          .execute();
        await db.schema
          .alterTable('reverifications')
          .addColumn('verified_by', 'text', (c) => c.notNull().defaultTo('[]'))
          .execute();
        await db.schema
          .createTable('passkeys')
          .addColumn('id', 'text', (c) => c.primaryKey())
          .addColumn('reference_id', 'text', (c) => c.notNull())
          .addColumn('name', 'text', (c) => c.notNull())
          .addColumn('public_key', blob, (c) => c.notNull())
          .addColumn('counter', 'bigint', (c) => c.notNull())
          .addColumn('transports', 'text', (c) => c.notNull())
          .addColumn('device_type', 'text', (c) => c.notNull())
          .addColumn('backed_up', 'integer', (c) => c.notNull())
          .addColumn('created_at', 'text', (c) => c.notNull())
          .addColumn('last_used_at', 'text')
          .execute();
        await db.schema
          .createIndex('passkeys_reference')
          .on('passkeys')
          .column('reference_id')
          .execute();
        await db.schema
          .createTable('totp_secrets')
          .addColumn('reference_id', 'text', (c) => c.primaryKey())
          .addColumn('secret_ciphertext', 'text')
          .addColumn('confirmed_at', 'text')
          .addColumn('pending_ciphertext', 'text')
          .addColumn('pending_expires_at', 'text')
          .addColumn('last_time_step', 'bigint')
          .addColumn('failures', 'integer', (c) => c.notNull())
          .addColumn('locked_until', 'text')
          .execute();
        await db.schema
          .createTable('contacts')
          .addColumn('reference_id', 'text', (c) => c.primaryKey())
          .addColumn('phone_number', 'text')
          .addColumn('email', 'text')
          .addColumn('updated_at', 'text', (c) => c.notNull())
          .execute();
        await db.schema
          .createTable('factor_challenges')
          .addColumn('hash', 'text', (c) => c.primaryKey())
          .addColumn('purpose', 'text', (c) => c.notNull())
          .addColumn('reference_id', 'text', (c) => c.notNull())
          .addColumn('reverification_id', 'text')
          .addColumn('destination_hash', 'text')
          .addColumn('code_hash', 'text')
          .addColumn('attempts', 'integer', (c) => c.notNull())
          .addColumn('created_at', 'text', (c) => c.notNull())
          .addColumn('expires_at', 'text', (c) => c.notNull())
          .addColumn('used_at', 'text')
          .execute();
        for (const [name, columns] of [
          ['factor_challenges_reference', ['reference_id', 'purpose', 'created_at']],
          ['factor_challenges_destination', ['destination_hash', 'purpose', 'created_at']],
          ['factor_challenges_reverification', ['reverification_id', 'purpose', 'created_at']],
        ] as const) {
          await db.schema
            .createIndex(name)
            .on('factor_challenges')
            .columns([...columns])
            .execute();
        }
        await db.schema
          .createTable('factor_tokens')
          .addColumn('hash', 'text', (c) => c.primaryKey())
          .addColumn('reference_id', 'text', (c) => c.notNull())
          .addColumn('granted_by', 'text', (c) => c.notNull())
          .addColumn('expires_at', 'text', (c) => c.notNull())
          .execute();
        await db.schema
          .createTable('factor_audit')
          .addColumn('id', dialect === 'postgres' ? 'bigserial' : 'integer', (c) => c.primaryKey())
          .addColumn('reference_id', 'text', (c) => c.notNull())
          .addColumn('reverification_id', 'text')
          .addColumn('method', 'text', (c) => c.notNull())
          .addColumn('action', 'text', (c) => c.notNull())
          .addColumn('code', 'text')
          .addColumn('occurred_at', 'text', (c) => c.notNull())
          .execute();
        await db.schema
          .createIndex('factor_audit_reference')
          .on('factor_audit')
          .columns(['reference_id', 'id'])
          .execute();
      },
    },
    '0012_token_owner': {
      async up(db: Kysely<unknown>) {
        // Deleting a reverification (a purge) cascades to its tokens: without this
        // index every such delete scans the whole tokens table.
        await db.schema
          .createIndex('tokens_by_reverification')
          .on('tokens')
          .column('reverification_id')
          .execute();
      },
    },
  };
}

/** Supplies {@link migrationsFor} `dialect` to Kysely's Migrator. */
export function migrationProvider(dialect: SqlDialect): MigrationProvider {
  return {
    async getMigrations() {
      return migrationsFor(dialect);
    },
  };
}
