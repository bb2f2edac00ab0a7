import { chmodSync, closeSync, existsSync, mkdirSync, openSync } from 'node:fs';
import { dirname } from 'node:path';
import type {
  CaptureChecks,
  Decision,
  EnrollmentStatus,
  ImageFormat,
  ReasonCode,
  ReverificationStatus,
  SandboxOutcome,
  WebhookEventType,
} from '@reverify/contract';
import Database from 'better-sqlite3';
import { type Generated, Kysely, Migrator, SqliteDialect, type Transaction } from 'kysely';
import { type Checkpointer, startCheckpointer } from './sqlite-checkpointer.js';
import { sqliteMigrations } from './sqlite-migrations.js';
import type {
  AuditRecord,
  BatchItemRecord,
  BatchJobRecord,
  BatchOptions,
  CaptureRecord,
  DeliveryRecord,
  DeliveryStatus,
  EnrollmentRecord,
  EventRecord,
  ReverificationRecord,
  ReverifyStore,
  StoredImage,
  StoreTransaction,
  TokenScope,
} from './store.js';

interface EnrollmentRow {
  id: string;
  reference_id: string;
  status: string;
  provider: string;
  provider_enrollment_id: string | null;
  failure_reason: string | null;
  metadata: string;
  created_at: string;
  updated_at: string;
}

interface ImageColumns {
  bytes: Uint8Array;
  format: string;
  width: number;
  height: number;
}

interface ReverificationRow {
  id: string;
  reference_id: string;
  status: string;
  decision: string | null;
  reasons: string;
  threshold: number | null;
  timeout_seconds: number;
  metadata: string;
  provider: string;
  retry_of: string | null;
  sandbox_outcome: string | null;
  match_score: number | null;
  liveness_score: number | null;
  provider_reference: string | null;
  created_at: string;
  updated_at: string;
  expires_at: string;
  completed_at: string | null;
  purge_after: string | null;
}

interface DeliveryRow {
  id: string;
  event_id: string;
  endpoint_id: string;
  event_type: string;
  reverification_id: string | null;
  sequence: number;
  payload: string;
  status: string;
  attempts: number;
  next_attempt_at: string | null;
  last_status: number | null;
  last_error: string | null;
  created_at: string;
  updated_at: string;
  delivered_at: string | null;
}

interface EndpointRow {
  id: string;
  disabled_at: string | null;
  consecutive_failures: number;
  last_success_at: string | null;
  last_failure_at: string | null;
  last_status: number | null;
}

function toDelivery(row: DeliveryRow): DeliveryRecord {
  return {
    id: row.id,
    eventId: row.event_id,
    endpointId: row.endpoint_id,
    eventType: row.event_type as WebhookEventType,
    reverificationId: row.reverification_id,
    sequence: row.sequence,
    payload: row.payload,
    status: row.status as DeliveryStatus,
    attempts: row.attempts,
    nextAttemptAt: row.next_attempt_at,
    lastStatus: row.last_status,
    lastError: row.last_error,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    deliveredAt: row.delivered_at,
  };
}

function fromDelivery(record: DeliveryRecord): DeliveryRow {
  return {
    id: record.id,
    event_id: record.eventId,
    endpoint_id: record.endpointId,
    event_type: record.eventType,
    reverification_id: record.reverificationId,
    sequence: record.sequence,
    payload: record.payload,
    status: record.status,
    attempts: record.attempts,
    next_attempt_at: record.nextAttemptAt,
    last_status: record.lastStatus,
    last_error: record.lastError,
    created_at: record.createdAt,
    updated_at: record.updatedAt,
    delivered_at: record.deliveredAt,
  };
}

interface AuditRow {
  id: Generated<number>;
  reverification_id: string;
  reference_id: string;
  action: string;
  actor: string;
  occurred_at: string;
  previous_decision: string | null;
  decision: string | null;
  notes: string | null;
  related_reverification_id: string | null;
}

interface BatchRow {
  id: string;
  status: string;
  options: string;
  total: number;
  processed: number;
  failed: number;
  created_at: string;
  updated_at: string;
  completed_at: string | null;
  report_status: string;
  report_csv: string | null;
  report_generated_at: string | null;
}

interface BatchItemRow {
  batch_id: string;
  row: number;
  reference_id: string;
  phone_number: string | null;
  email: string | null;
  status: string;
  error_code: string | null;
  reverification_id: string | null;
  message_channel: string | null;
  updated_at: string;
}

function toBatch(row: BatchRow): BatchJobRecord {
  return {
    id: row.id,
    status: row.status as BatchJobRecord['status'],
    options: JSON.parse(row.options) as BatchOptions,
    total: row.total,
    processed: row.processed,
    failed: row.failed,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    completedAt: row.completed_at,
    reportStatus: row.report_status as BatchJobRecord['reportStatus'],
    reportCsv: row.report_csv,
    reportGeneratedAt: row.report_generated_at,
  };
}

function fromBatch(batch: BatchJobRecord): BatchRow {
  return {
    id: batch.id,
    status: batch.status,
    options: JSON.stringify(batch.options),
    total: batch.total,
    processed: batch.processed,
    failed: batch.failed,
    created_at: batch.createdAt,
    updated_at: batch.updatedAt,
    completed_at: batch.completedAt,
    report_status: batch.reportStatus,
    report_csv: batch.reportCsv,
    report_generated_at: batch.reportGeneratedAt,
  };
}

function toBatchItem(row: BatchItemRow): BatchItemRecord {
  return {
    batchId: row.batch_id,
    row: row.row,
    referenceId: row.reference_id,
    phoneNumber: row.phone_number,
    email: row.email,
    status: row.status as BatchItemRecord['status'],
    errorCode: row.error_code,
    reverificationId: row.reverification_id,
    messageChannel: row.message_channel as BatchItemRecord['messageChannel'],
    updatedAt: row.updated_at,
  };
}

function fromBatchItem(item: BatchItemRecord): BatchItemRow {
  return {
    batch_id: item.batchId,
    row: item.row,
    reference_id: item.referenceId,
    phone_number: item.phoneNumber,
    email: item.email,
    status: item.status,
    error_code: item.errorCode,
    reverification_id: item.reverificationId,
    message_channel: item.messageChannel,
    updated_at: item.updatedAt,
  };
}

/** SQLite caps bound parameters per statement; batch inserts go in chunks of this many rows. */
const INSERT_CHUNK = 500;

interface Schema {
  audit_log: AuditRow;
  batches: BatchRow;
  batch_items: BatchItemRow;
  provider_templates: { provider: string; reference_id: string; template: Uint8Array };
  webhook_deliveries: DeliveryRow;
  webhook_endpoints: EndpointRow;
  enrollments: EnrollmentRow;
  reference_images: ImageColumns & { enrollment_id: string };
  reverifications: ReverificationRow;
  reverification_events: { reverification_id: string; sequence: number; payload: string };
  tokens: {
    hash: string;
    reverification_id: string;
    scope: string;
    expires_at: string;
    used_at: string | null;
  };
  captures: {
    id: string;
    reverification_id: string;
    idempotency_key: string | null;
    bytes: Uint8Array | null;
    format: string | null;
    width: number | null;
    height: number | null;
    checks: string | null;
    created_at: string;
    purged_at: string | null;
  };
}

const ACTIVE_STATUSES: ReverificationStatus[] = ['pending', 'capturing', 'processing'];

function toEnrollment(row: EnrollmentRow): EnrollmentRecord {
  return {
    id: row.id,
    referenceId: row.reference_id,
    status: row.status as EnrollmentStatus,
    provider: row.provider,
    providerEnrollmentId: row.provider_enrollment_id,
    failureReason: row.failure_reason as ReasonCode | null,
    metadata: JSON.parse(row.metadata),
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

function toReverification(row: ReverificationRow): ReverificationRecord {
  return {
    id: row.id,
    referenceId: row.reference_id,
    status: row.status as ReverificationStatus,
    decision: row.decision as Decision | null,
    reasons: JSON.parse(row.reasons),
    threshold: row.threshold,
    timeoutSeconds: row.timeout_seconds,
    metadata: JSON.parse(row.metadata),
    provider: row.provider,
    retryOf: row.retry_of,
    sandboxOutcome: row.sandbox_outcome as SandboxOutcome | null,
    matchScore: row.match_score,
    livenessScore: row.liveness_score,
    providerReference: row.provider_reference,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    expiresAt: row.expires_at,
    completedAt: row.completed_at,
    purgeAfter: row.purge_after,
  };
}

function fromReverification(record: ReverificationRecord): ReverificationRow {
  return {
    id: record.id,
    reference_id: record.referenceId,
    status: record.status,
    decision: record.decision,
    reasons: JSON.stringify(record.reasons),
    threshold: record.threshold,
    timeout_seconds: record.timeoutSeconds,
    metadata: JSON.stringify(record.metadata),
    provider: record.provider,
    retry_of: record.retryOf,
    sandbox_outcome: record.sandboxOutcome,
    match_score: record.matchScore,
    liveness_score: record.livenessScore,
    provider_reference: record.providerReference,
    created_at: record.createdAt,
    updated_at: record.updatedAt,
    expires_at: record.expiresAt,
    completed_at: record.completedAt,
    purge_after: record.purgeAfter,
  };
}

function toImage(row: {
  bytes: Uint8Array | null;
  format: string | null;
  width: number | null;
  height: number | null;
}): StoredImage | null {
  if (!row.bytes || !row.format || row.width === null || row.height === null) return null;
  return {
    bytes: new Uint8Array(row.bytes),
    format: row.format as ImageFormat,
    width: row.width,
    height: row.height,
  };
}

/** What one transaction did that needs work after its commit. */
interface CommitEffects {
  /** Biometric bytes were deleted: the WAL must be scrubbed so no copy of them survives. */
  erasedBiometrics: boolean;
}

function transactionOn(db: Transaction<Schema>, effects: CommitEffects): StoreTransaction {
  return {
    async getEnrollment(id) {
      const row = await db
        .selectFrom('enrollments')
        .selectAll()
        .where('id', '=', id)
        .executeTakeFirst();
      return row ? toEnrollment(row) : null;
    },
    async getEnrollmentByReference(referenceId) {
      const row = await db
        .selectFrom('enrollments')
        .selectAll()
        .where('reference_id', '=', referenceId)
        .executeTakeFirst();
      return row ? toEnrollment(row) : null;
    },
    async putEnrollment(record) {
      const row: EnrollmentRow = {
        id: record.id,
        reference_id: record.referenceId,
        status: record.status,
        provider: record.provider,
        provider_enrollment_id: record.providerEnrollmentId,
        failure_reason: record.failureReason,
        metadata: JSON.stringify(record.metadata),
        created_at: record.createdAt,
        updated_at: record.updatedAt,
      };
      await db
        .insertInto('enrollments')
        .values(row)
        .onConflict((oc) => oc.column('id').doUpdateSet(row))
        .execute();
    },
    async putReferenceImage(enrollmentId, image) {
      const removed = await db
        .deleteFrom('reference_images')
        .where('enrollment_id', '=', enrollmentId)
        .executeTakeFirst();
      if (removed.numDeletedRows > 0n) effects.erasedBiometrics = true;
      if (image) {
        await db
          .insertInto('reference_images')
          .values({ enrollment_id: enrollmentId, ...image })
          .execute();
      }
    },
    async getReferenceImage(enrollmentId) {
      const row = await db
        .selectFrom('reference_images')
        .selectAll()
        .where('enrollment_id', '=', enrollmentId)
        .executeTakeFirst();
      return row ? toImage(row) : null;
    },
    async getReverification(id) {
      const row = await db
        .selectFrom('reverifications')
        .selectAll()
        .where('id', '=', id)
        .executeTakeFirst();
      return row ? toReverification(row) : null;
    },
    async findActiveReverification(referenceId) {
      const row = await db
        .selectFrom('reverifications')
        .selectAll()
        .where('reference_id', '=', referenceId)
        .where('status', 'in', ACTIVE_STATUSES)
        .orderBy('created_at', 'desc')
        .limit(1)
        .executeTakeFirst();
      return row ? toReverification(row) : null;
    },
    async insertReverification(record) {
      await db.insertInto('reverifications').values(fromReverification(record)).execute();
    },
    async updateReverification(record) {
      const result = await db
        .updateTable('reverifications')
        .set(fromReverification(record))
        .where('id', '=', record.id)
        .executeTakeFirst();
      if (result.numUpdatedRows !== 1n) throw new Error(`unknown reverification ${record.id}`);
    },
    async listDueForExpiry(now, limit) {
      const rows = await db
        .selectFrom('reverifications')
        .selectAll()
        .where('status', 'in', ACTIVE_STATUSES)
        .where('expires_at', '<=', now)
        .orderBy('expires_at')
        .limit(limit)
        .execute();
      return rows.map(toReverification);
    },
    async listReverifications(filter) {
      let query = db.selectFrom('reverifications');
      if (filter.referenceId) query = query.where('reference_id', '=', filter.referenceId);
      if (filter.status) query = query.where('status', '=', filter.status);
      if (filter.decision) query = query.where('decision', '=', filter.decision);
      const direction = filter.order === 'newest' ? 'desc' : 'asc';
      const [rows, count] = await Promise.all([
        query
          .selectAll()
          .orderBy('created_at', direction)
          .orderBy('id', direction)
          .limit(filter.limit)
          .offset(filter.offset)
          .execute(),
        query.select((eb) => eb.fn.countAll<number>().as('total')).executeTakeFirstOrThrow(),
      ]);
      return { records: rows.map(toReverification), total: Number(count.total) };
    },
    async countCreatedSince(referenceId, since) {
      const row = await db
        .selectFrom('reverifications')
        .select((eb) => [
          eb.fn.countAll<number>().as('count'),
          eb.fn.min('created_at').as('oldest'),
        ])
        .where('reference_id', '=', referenceId)
        .where('created_at', '>=', since)
        .executeTakeFirstOrThrow();
      return { count: Number(row.count), oldest: (row.oldest as string | null) ?? null };
    },
    async listProcessing(provider, limit, filter) {
      let query = db
        .selectFrom('reverifications')
        .selectAll()
        .where('status', '=', 'processing')
        .where('provider', '=', provider);
      if (filter.withReference) query = query.where('provider_reference', 'is not', null);
      const rows = await query.orderBy('expires_at').limit(limit).execute();
      return rows.map(toReverification);
    },
    async appendEvent(event) {
      await db
        .insertInto('reverification_events')
        .values({
          reverification_id: event.reverificationId,
          sequence: event.sequence,
          payload: JSON.stringify(event),
        })
        .execute();
    },
    async listEvents(reverificationId, afterSequence) {
      const rows = await db
        .selectFrom('reverification_events')
        .select('payload')
        .where('reverification_id', '=', reverificationId)
        .where('sequence', '>', afterSequence)
        .orderBy('sequence')
        .execute();
      return rows.map((row) => JSON.parse(row.payload) as EventRecord);
    },
    async insertToken(record) {
      await db
        .insertInto('tokens')
        .values({
          hash: record.hash,
          reverification_id: record.reverificationId,
          scope: record.scope,
          expires_at: record.expiresAt,
          used_at: record.usedAt,
        })
        .execute();
    },
    async getToken(hash) {
      const row = await db
        .selectFrom('tokens')
        .selectAll()
        .where('hash', '=', hash)
        .executeTakeFirst();
      return row
        ? {
            hash: row.hash,
            reverificationId: row.reverification_id,
            scope: row.scope as TokenScope,
            expiresAt: row.expires_at,
            usedAt: row.used_at,
          }
        : null;
    },
    async markTokenUsed(hash, at) {
      const result = await db
        .updateTable('tokens')
        .set({ used_at: at })
        .where('hash', '=', hash)
        .where('used_at', 'is', null)
        .executeTakeFirst();
      return result.numUpdatedRows === 1n;
    },
    async spendTokens(reverificationId, scope, at) {
      await db
        .updateTable('tokens')
        .set({ used_at: at })
        .where('reverification_id', '=', reverificationId)
        .where('scope', '=', scope)
        .where('used_at', 'is', null)
        .execute();
    },
    async appendAudit(entry) {
      await db
        .insertInto('audit_log')
        .values({
          reverification_id: entry.reverificationId,
          reference_id: entry.referenceId,
          action: entry.action,
          actor: entry.actor,
          occurred_at: entry.occurredAt,
          previous_decision: entry.previousDecision,
          decision: entry.decision,
          notes: entry.notes,
          related_reverification_id: entry.relatedReverificationId,
        })
        .execute();
    },
    async listAudit(reverificationId) {
      const rows = await db
        .selectFrom('audit_log')
        .selectAll()
        .where('reverification_id', '=', reverificationId)
        .orderBy('id')
        .execute();
      return rows.map(
        (row): AuditRecord => ({
          id: row.id,
          reverificationId: row.reverification_id,
          referenceId: row.reference_id,
          action: row.action as AuditRecord['action'],
          actor: row.actor,
          occurredAt: row.occurred_at,
          previousDecision: row.previous_decision as Decision | null,
          decision: row.decision as Decision | null,
          notes: row.notes,
          relatedReverificationId: row.related_reverification_id,
        }),
      );
    },
    async insertBatch(batch, items) {
      await db.insertInto('batches').values(fromBatch(batch)).execute();
      for (let start = 0; start < items.length; start += INSERT_CHUNK) {
        await db
          .insertInto('batch_items')
          .values(items.slice(start, start + INSERT_CHUNK).map(fromBatchItem))
          .execute();
      }
    },
    async getBatch(id) {
      const row = await db
        .selectFrom('batches')
        .selectAll()
        .where('id', '=', id)
        .executeTakeFirst();
      return row ? toBatch(row) : null;
    },
    async updateBatch(batch) {
      await db.updateTable('batches').set(fromBatch(batch)).where('id', '=', batch.id).execute();
    },
    async listUnfinishedBatches() {
      const rows = await db
        .selectFrom('batches')
        .selectAll()
        .where('status', '!=', 'completed')
        .orderBy('created_at')
        .execute();
      return rows.map(toBatch);
    },
    async listBatchItems(batchId, filter) {
      let query = db.selectFrom('batch_items').selectAll().where('batch_id', '=', batchId);
      if (filter.pendingOnly) query = query.where('status', '=', 'pending');
      const rows = await query.orderBy('row').limit(filter.limit).execute();
      return rows.map(toBatchItem);
    },
    async updateBatchItem(item) {
      await db
        .updateTable('batch_items')
        .set(fromBatchItem(item))
        .where('batch_id', '=', item.batchId)
        .where('row', '=', item.row)
        .execute();
    },
    async insertCapture(record) {
      await db
        .insertInto('captures')
        .values({
          id: record.id,
          reverification_id: record.reverificationId,
          idempotency_key: record.idempotencyKey,
          bytes: record.image?.bytes ?? null,
          format: record.image?.format ?? null,
          width: record.image?.width ?? null,
          height: record.image?.height ?? null,
          checks: record.checks ? JSON.stringify(record.checks) : null,
          created_at: record.createdAt,
          purged_at: record.purgedAt,
        })
        .execute();
    },
    async getCaptureByReverification(reverificationId) {
      const row = await db
        .selectFrom('captures')
        .selectAll()
        .where('reverification_id', '=', reverificationId)
        .executeTakeFirst();
      if (!row) return null;
      return {
        id: row.id,
        reverificationId: row.reverification_id,
        idempotencyKey: row.idempotency_key,
        image: toImage(row),
        checks: row.checks ? (JSON.parse(row.checks) as CaptureChecks) : null,
        createdAt: row.created_at,
        purgedAt: row.purged_at,
      } satisfies CaptureRecord;
    },
    async purgeCaptures(now) {
      const result = await db
        .updateTable('captures')
        .set({ bytes: null, format: null, width: null, height: null, purged_at: now })
        .where('bytes', 'is not', null)
        .where('reverification_id', 'in', (qb) =>
          qb.selectFrom('reverifications').select('id').where('purge_after', '<=', now),
        )
        .executeTakeFirst();
      if (result.numUpdatedRows > 0n) effects.erasedBiometrics = true;
      return Number(result.numUpdatedRows);
    },
    async deleteBiometricData(referenceId, at) {
      const images = await db
        .deleteFrom('reference_images')
        .where('enrollment_id', 'in', (qb) =>
          qb.selectFrom('enrollments').select('id').where('reference_id', '=', referenceId),
        )
        .executeTakeFirst();
      const captures = await db
        .updateTable('captures')
        .set({ bytes: null, format: null, width: null, height: null, purged_at: at })
        .where('bytes', 'is not', null)
        .where('reverification_id', 'in', (qb) =>
          qb.selectFrom('reverifications').select('id').where('reference_id', '=', referenceId),
        )
        .executeTakeFirst();
      const templates = await db
        .deleteFrom('provider_templates')
        .where('reference_id', '=', referenceId)
        .executeTakeFirst();
      effects.erasedBiometrics = true;
      return {
        referenceImages: Number(images.numDeletedRows),
        captures: Number(captures.numUpdatedRows),
        templates: Number(templates.numDeletedRows),
      };
    },
    async putTemplate(provider, referenceId, template) {
      const removed = await db
        .deleteFrom('provider_templates')
        .where('provider', '=', provider)
        .where('reference_id', '=', referenceId)
        .executeTakeFirst();
      if (removed.numDeletedRows > 0n) effects.erasedBiometrics = true;
      if (template) {
        await db
          .insertInto('provider_templates')
          .values({ provider, reference_id: referenceId, template })
          .execute();
      }
    },
    async getTemplate(provider, referenceId) {
      const row = await db
        .selectFrom('provider_templates')
        .select('template')
        .where('provider', '=', provider)
        .where('reference_id', '=', referenceId)
        .executeTakeFirst();
      return row ? new Uint8Array(row.template) : null;
    },
    async insertDeliveries(records) {
      if (records.length === 0) return;
      await db.insertInto('webhook_deliveries').values(records.map(fromDelivery)).execute();
    },
    async dueDeliveries(now, limit, excludeEndpoints) {
      let query = db
        .selectFrom('webhook_deliveries as d')
        .selectAll('d')
        .where('d.status', '=', 'pending')
        .where('d.next_attempt_at', '<=', now)
        .where(({ not, exists, selectFrom }) =>
          not(
            exists(
              selectFrom('webhook_deliveries as e')
                .select('e.id')
                .whereRef('e.endpoint_id', '=', 'd.endpoint_id')
                .whereRef('e.reverification_id', '=', 'd.reverification_id')
                .where('e.status', '=', 'pending')
                .whereRef('e.sequence', '<', 'd.sequence'),
            ),
          ),
        );
      if (excludeEndpoints.length > 0)
        query = query.where('d.endpoint_id', 'not in', excludeEndpoints);
      const rows = await query
        .orderBy('d.next_attempt_at')
        .orderBy('d.created_at')
        .limit(limit)
        .execute();
      return rows.map(toDelivery);
    },
    async updateDelivery(record) {
      const result = await db
        .updateTable('webhook_deliveries')
        .set(fromDelivery(record))
        .where('id', '=', record.id)
        .executeTakeFirst();
      if (result.numUpdatedRows !== 1n) throw new Error(`unknown delivery ${record.id}`);
    },
    async listDeliveries(filter) {
      let query = db.selectFrom('webhook_deliveries').selectAll();
      if (filter.status) query = query.where('status', '=', filter.status);
      if (filter.endpointId) query = query.where('endpoint_id', '=', filter.endpointId);
      if (filter.eventId) query = query.where('event_id', '=', filter.eventId);
      const rows = await query
        .orderBy('created_at')
        .orderBy('sequence')
        .limit(filter.limit)
        .execute();
      return rows.map(toDelivery);
    },
    async countDeliveries(endpointId) {
      const rows = await db
        .selectFrom('webhook_deliveries')
        .select(['status', (eb) => eb.fn.countAll<number>().as('count')])
        .where('endpoint_id', '=', endpointId)
        .where('status', 'in', ['pending', 'dead'])
        .groupBy('status')
        .execute();
      const count = (status: string) => Number(rows.find((r) => r.status === status)?.count ?? 0);
      return { pending: count('pending'), dead: count('dead') };
    },
    async getEndpointState(id) {
      const row = await db
        .selectFrom('webhook_endpoints')
        .selectAll()
        .where('id', '=', id)
        .executeTakeFirst();
      return row
        ? {
            id: row.id,
            disabledAt: row.disabled_at,
            consecutiveFailures: row.consecutive_failures,
            lastSuccessAt: row.last_success_at,
            lastFailureAt: row.last_failure_at,
            lastStatus: row.last_status,
          }
        : null;
    },
    async putEndpointState(record) {
      const row: EndpointRow = {
        id: record.id,
        disabled_at: record.disabledAt,
        consecutive_failures: record.consecutiveFailures,
        last_success_at: record.lastSuccessAt,
        last_failure_at: record.lastFailureAt,
        last_status: record.lastStatus,
      };
      await db
        .insertInto('webhook_endpoints')
        .values(row)
        .onConflict((oc) => oc.column('id').doUpdateSet(row))
        .execute();
    },
  };
}

/** Options of {@link createSqliteStore}. */
export interface SqliteStoreOptions {
  /** Path of the database file (created with its folder), or `:memory:`. */
  readonly filename: string;
}

/**
 * Creates the database's folder (0700) and file (0600) when missing, and
 * makes an existing file and its WAL private: they hold selfies. SQLite
 * creates the `-wal` and `-shm` files with the database file's mode.
 */
function preparePrivateFile(filename: string): void {
  mkdirSync(dirname(filename), { recursive: true, mode: 0o700 });
  if (!existsSync(filename)) closeSync(openSync(filename, 'a', 0o600));
  for (const file of [filename, `${filename}-wal`, `${filename}-shm`]) {
    if (existsSync(file)) chmodSync(file, 0o600);
  }
}

/**
 * The embedded default store: one SQLite file in WAL mode (better-sqlite3)
 * behind Kysely, with versioned migrations applied on open.
 *
 * Deleted biometric data is unrecoverable: `secure_delete` zeroes freed
 * content, and a transaction that deleted images or templates is followed,
 * before it resolves, by a TRUNCATE checkpoint that empties the WAL (which
 * still held the pages as they were). The file and its folder are private
 * to the process's user.
 */
export async function createSqliteStore(options: SqliteStoreOptions): Promise<ReverifyStore> {
  const inMemory = options.filename === ':memory:';
  if (!inMemory) preparePrivateFile(options.filename);
  const sqlite = new Database(options.filename);
  sqlite.pragma('journal_mode = WAL');
  // NORMAL in WAL mode survives a killed process (only an OS crash can lose the last commits).
  sqlite.pragma('synchronous = NORMAL');
  sqlite.pragma('foreign_keys = ON');
  sqlite.pragma('busy_timeout = 5000');
  // Freed pages and deleted cells are overwritten with zeros, so a NULL-ed selfie leaves no bytes behind.
  sqlite.pragma('secure_delete = ON');
  // Kysely prepares every query anew; the handler runs a small fixed set of
  // statements, so caching them by SQL text saves a parse per query.
  const statements = new Map<string, Database.Statement>();
  const database = {
    prepare(source: string) {
      let statement = statements.get(source);
      if (!statement) {
        if (statements.size >= 256) statements.clear();
        statement = sqlite.prepare(source);
        statements.set(source, statement);
      }
      return statement;
    },
    close: () => sqlite.close(),
  };
  const db = new Kysely<Schema>({ dialect: new SqliteDialect({ database }) });
  const { error, results } = await new Migrator({
    db,
    provider: sqliteMigrations,
  }).migrateToLatest();
  if (error) {
    await db.destroy();
    const failed = results?.find((r) => r.status === 'Error')?.migrationName ?? 'unknown';
    throw new Error(`SQLite migration ${failed} failed`, { cause: error });
  }
  let checkpointer: Checkpointer | undefined;
  if (!inMemory) {
    sqlite.pragma('wal_autocheckpoint = 0');
    checkpointer = startCheckpointer(options.filename, () => {
      sqlite.pragma('wal_autocheckpoint = 1000');
    });
  }
  // Set when a scrub failed; every later commit tries again until the WAL is empty.
  let scrubPending = false;
  const scrub = async () => {
    if (!checkpointer) return;
    scrubPending = true;
    try {
      await checkpointer.truncate();
    } catch {
      // The worker is gone or busy: do it on this connection (blocks the event loop briefly).
      const [row] = sqlite.pragma('wal_checkpoint(TRUNCATE)') as { busy: number }[];
      if (row?.busy !== 0) throw new Error('deleted biometric data is still in the SQLite WAL');
    }
    scrubPending = false;
  };
  return {
    async transaction(work) {
      const effects: CommitEffects = { erasedBiometrics: false };
      const result = await db.transaction().execute((trx) => work(transactionOn(trx, effects)));
      if (effects.erasedBiometrics) await scrub();
      // An earlier scrub failed: retry it, but do not fail unrelated work over it.
      else if (scrubPending) await scrub().catch(() => undefined);
      return result;
    },
    async close() {
      await checkpointer?.stop();
      sqlite.pragma('wal_checkpoint(TRUNCATE)');
      await db.destroy();
    },
  };
}
