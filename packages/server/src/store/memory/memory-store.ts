import type { PresenceKeyframe, StoredClip } from '../../plugin/presence.js';
import { deliveryProgress } from '../queries/deliveries.js';
import { FIXED_REVERIFICATION_FIELDS } from '../queries/reverifications.js';
import type {
  ApiKeyRecord,
  AuditRecord,
  BatchItemRecord,
  BatchJobRecord,
  BatchReportRecord,
  CaptureRecord,
  DeliveryRecord,
  EndpointStateRecord,
  EnrollmentRecord,
  EventRecord,
  ReverificationRecord,
  ReverifyStore,
  StoredImage,
  StoreTransaction,
  TokenRecord,
} from '../store.js';
import { biometricQueries } from './biometrics.js';
import {
  copyFactorTables,
  emptyFactorTables,
  type FactorTables,
  factorQueries,
} from './factors.js';

/** The memory store's tables: plain maps, copied for each transaction. */
export interface Tables {
  enrollments: Map<string, EnrollmentRecord>;
  referenceImages: Map<string, StoredImage>;
  reverifications: Map<string, ReverificationRecord>;
  events: Map<string, EventRecord[]>;
  tokens: Map<string, TokenRecord>;
  captures: Map<string, CaptureRecord>;
  deliveries: Map<string, DeliveryRecord>;
  endpoints: Map<string, EndpointStateRecord>;
  /** Keyed `${provider}\u0000${referenceId}`. */
  templates: Map<string, Uint8Array>;
  /** Keyed by capture id. */
  keyframes: Map<string, PresenceKeyframe[]>;
  /** Keyed by capture id. */
  clips: Map<string, StoredClip>;
  audit: AuditRecord[];
  batches: Map<string, BatchJobRecord>;
  /** Keyed by batch id; items in row order. */
  batchItems: Map<string, BatchItemRecord[]>;
  batchReports: Map<string, BatchReportRecord>;
  apiKeys: Map<string, ApiKeyRecord>;
  factors: FactorTables;
}

const ACTIVE = new Set(['pending', 'capturing', 'processing']);

function copyTables(tables: Tables): Tables {
  // Records are never mutated in place, so copying the maps (and event arrays)
  // is a full snapshot.
  return {
    enrollments: new Map(tables.enrollments),
    referenceImages: new Map(tables.referenceImages),
    reverifications: new Map(tables.reverifications),
    events: new Map([...tables.events].map(([id, list]) => [id, [...list]])),
    tokens: new Map(tables.tokens),
    captures: new Map(tables.captures),
    deliveries: new Map(tables.deliveries),
    endpoints: new Map(tables.endpoints),
    templates: new Map(tables.templates),
    keyframes: new Map(tables.keyframes),
    clips: new Map(tables.clips),
    audit: [...tables.audit],
    batches: new Map(tables.batches),
    batchItems: new Map([...tables.batchItems].map(([id, list]) => [id, [...list]])),
    batchReports: new Map(tables.batchReports),
    apiKeys: new Map(tables.apiKeys),
    factors: copyFactorTables(tables.factors),
  };
}

const byDue = (a: DeliveryRecord, b: DeliveryRecord) =>
  (a.nextAttemptAt ?? '').localeCompare(b.nextAttemptAt ?? '') ||
  a.createdAt.localeCompare(b.createdAt);

function transactionOn(t: Tables): StoreTransaction {
  return {
    ...biometricQueries(t),
    ...factorQueries(t.factors),
    async getEnrollment(id) {
      return t.enrollments.get(id) ?? null;
    },
    async getEnrollmentByReference(referenceId) {
      return [...t.enrollments.values()].find((e) => e.referenceId === referenceId) ?? null;
    },
    async putEnrollment(record) {
      const clash = [...t.enrollments.values()].find(
        (e) => e.referenceId === record.referenceId && e.id !== record.id,
      );
      if (clash) throw new Error(`enrollment for ${record.referenceId} already exists`);
      t.enrollments.set(record.id, { ...record });
    },
    async getReverification(id) {
      return t.reverifications.get(id) ?? null;
    },
    // One transaction at a time: the transaction is the lock.
    tryLock: async () => true,
    async getReverifications(ids) {
      return ids.flatMap((id) => t.reverifications.get(id) ?? []);
    },
    async findActiveReverification(referenceId) {
      const active = [...t.reverifications.values()].filter(
        (r) => r.referenceId === referenceId && ACTIVE.has(r.status),
      );
      return active.sort((a, b) => b.createdAt.localeCompare(a.createdAt))[0] ?? null;
    },
    async insertReverification(record) {
      if (t.reverifications.has(record.id))
        throw new Error(`duplicate reverification ${record.id}`);
      t.reverifications.set(record.id, { ...record });
    },
    async updateReverification(record) {
      const stored = t.reverifications.get(record.id);
      if (!stored) throw new Error(`unknown reverification ${record.id}`);
      const fixed = Object.fromEntries(
        FIXED_REVERIFICATION_FIELDS.map((field) => [field, stored[field]]),
      );
      t.reverifications.set(record.id, { ...record, ...fixed });
    },
    async listDueForExpiry(now, limit) {
      return [...t.reverifications.values()]
        .filter((r) => ACTIVE.has(r.status) && r.expiresAt <= now)
        .sort((a, b) => a.expiresAt.localeCompare(b.expiresAt))
        .slice(0, limit);
    },
    async listReverifications(filter) {
      const matching = [...t.reverifications.values()]
        .filter(
          (r) =>
            (!filter.referenceId || r.referenceId === filter.referenceId) &&
            (!filter.status || r.status === filter.status) &&
            (!filter.decision || r.decision === filter.decision),
        )
        .sort((a, b) => a.createdAt.localeCompare(b.createdAt) || a.id.localeCompare(b.id));
      if (filter.order === 'newest') matching.reverse();
      const { after } = filter;
      const start = after
        ? matching.findIndex((r) => {
            const order =
              r.createdAt.localeCompare(after.createdAt) || r.id.localeCompare(after.id);
            return filter.order === 'newest' ? order < 0 : order > 0;
          })
        : 0;
      const rest = start < 0 ? [] : matching.slice(start);
      return {
        records: rest.slice(filter.offset, filter.offset + filter.limit),
        total: Math.min(matching.length, filter.countUpTo),
      };
    },
    async findProcessingByReference(provider, providerReference) {
      const found = [...t.reverifications.values()].find(
        (r) =>
          r.provider === provider &&
          r.providerReference === providerReference &&
          r.status === 'processing',
      );
      return found ?? null;
    },
    async countCreatedSince(referenceId, since) {
      const created = [...t.reverifications.values()]
        .filter((r) => r.referenceId === referenceId && r.createdAt >= since)
        .map((r) => r.createdAt)
        .sort();
      return { count: created.length, oldest: created[0] ?? null };
    },
    async listProcessing(provider, limit, filter) {
      return [...t.reverifications.values()]
        .filter(
          (r) =>
            r.status === 'processing' &&
            r.provider === provider &&
            (!filter.withReference || r.providerReference),
        )
        .sort((a, b) => a.expiresAt.localeCompare(b.expiresAt))
        .slice(0, limit);
    },
    async appendEvent(event) {
      const list = t.events.get(event.reverificationId) ?? [];
      if (list.some((e) => e.sequence === event.sequence)) {
        throw new Error(`duplicate event ${event.reverificationId}#${event.sequence}`);
      }
      t.events.set(event.reverificationId, [...list, { ...event }]);
    },
    async listEvents(reverificationId, afterSequence) {
      return (t.events.get(reverificationId) ?? []).filter((e) => e.sequence > afterSequence);
    },
    async lastEventSequence(reverificationId) {
      return Math.max(0, ...(t.events.get(reverificationId) ?? []).map((e) => e.sequence));
    },
    async insertToken(record) {
      if (t.tokens.has(record.hash)) throw new Error('duplicate token');
      t.tokens.set(record.hash, { ...record });
    },
    async getToken(hash) {
      return t.tokens.get(hash) ?? null;
    },
    async markTokenUsed(hash, at) {
      const token = t.tokens.get(hash);
      if (!token || token.usedAt !== null) return false;
      t.tokens.set(hash, { ...token, usedAt: at });
      return true;
    },
    async spendTokens(reverificationId, scope, at) {
      for (const [hash, token] of t.tokens) {
        if (token.reverificationId === reverificationId && token.scope === scope && !token.usedAt)
          t.tokens.set(hash, { ...token, usedAt: at });
      }
    },
    async appendAudit(entry) {
      t.audit.push({ ...entry, id: t.audit.length + 1 });
    },
    async listAudit(reverificationId) {
      return t.audit.filter((entry) => entry.reverificationId === reverificationId);
    },
    async insertBatch(batch, items) {
      if (t.batches.has(batch.id)) throw new Error(`duplicate batch ${batch.id}`);
      t.batches.set(batch.id, batch);
      t.batchItems.set(batch.id, [...items]);
    },
    async getBatch(id) {
      return t.batches.get(id) ?? null;
    },
    async updateBatch(batch) {
      t.batches.set(batch.id, batch);
    },
    async listUnfinishedBatches() {
      return [...t.batches.values()]
        .filter((batch) => batch.status !== 'completed')
        .sort((a, b) => a.createdAt.localeCompare(b.createdAt));
    },
    async listBatchItems(batchId, limit) {
      return (t.batchItems.get(batchId) ?? []).slice(0, limit);
    },
    async getBatchItem(batchId, row) {
      return t.batchItems.get(batchId)?.[row] ?? null;
    },
    async claimBatchItems(batchId, now, leaseUntil, limit) {
      const items = t.batchItems.get(batchId) ?? [];
      const free = items
        .filter((i) => i.status === 'pending' && (i.leaseUntil === null || i.leaseUntil <= now))
        .slice(0, limit)
        .map((item) => ({ ...item, leaseUntil }));
      for (const item of free) items[item.row] = item;
      return free;
    },
    async updateBatchItem(item) {
      const items = t.batchItems.get(item.batchId);
      if (items?.[item.row]) items[item.row] = item;
    },
    async insertReport(report) {
      if (t.batchReports.has(report.id)) throw new Error(`duplicate report ${report.id}`);
      if (!t.batches.has(report.batchId)) throw new Error(`unknown batch ${report.batchId}`);
      t.batchReports.set(report.id, report);
    },
    async getReport(id) {
      return t.batchReports.get(id) ?? null;
    },
    async updateReport(report) {
      t.batchReports.set(report.id, report);
    },
    async insertApiKey(record) {
      if (t.apiKeys.has(record.id)) throw new Error(`duplicate api key ${record.id}`);
      if ([...t.apiKeys.values()].some((k) => k.hash === record.hash)) {
        throw new Error('duplicate api key hash');
      }
      t.apiKeys.set(record.id, record);
    },
    async getApiKey(id) {
      return t.apiKeys.get(id) ?? null;
    },
    async findApiKeyByHash(hash) {
      return [...t.apiKeys.values()].find((k) => k.hash === hash) ?? null;
    },
    async listApiKeys() {
      return [...t.apiKeys.values()].sort(
        (a, b) => a.createdAt.localeCompare(b.createdAt) || a.id.localeCompare(b.id),
      );
    },
    async updateApiKey(record) {
      t.apiKeys.set(record.id, record);
    },
    async listPendingReports(batchId) {
      return [...t.batchReports.values()]
        .filter((r) => r.status === 'PENDING' && (batchId === undefined || r.batchId === batchId))
        .sort((a, b) => a.createdAt.localeCompare(b.createdAt) || a.id.localeCompare(b.id));
    },
    async insertDeliveries(records) {
      for (const record of records) {
        if (t.deliveries.has(record.id)) throw new Error(`duplicate delivery ${record.id}`);
        t.deliveries.set(record.id, { ...record });
      }
    },
    async dueDeliveries(now, limit, excludeEndpoints) {
      const pending = [...t.deliveries.values()].filter((d) => d.status === 'pending');
      return pending
        .filter(
          (d) =>
            d.nextAttemptAt !== null &&
            d.nextAttemptAt <= now &&
            !excludeEndpoints.includes(d.endpointId) &&
            !pending.some(
              (e) =>
                e.endpointId === d.endpointId &&
                e.reverificationId !== null &&
                e.reverificationId === d.reverificationId &&
                e.sequence < d.sequence,
            ),
        )
        .sort(byDue)
        .slice(0, limit);
    },
    async updateDelivery(record) {
      const stored = t.deliveries.get(record.id);
      if (!stored) throw new Error(`unknown delivery ${record.id}`);
      t.deliveries.set(record.id, { ...stored, ...deliveryProgress(record) });
    },
    async listDeliveries(filter) {
      return [...t.deliveries.values()]
        .filter(
          (d) =>
            (!filter.status || d.status === filter.status) &&
            (!filter.endpointId || d.endpointId === filter.endpointId) &&
            (!filter.eventId || d.eventId === filter.eventId),
        )
        .sort((a, b) => a.createdAt.localeCompare(b.createdAt) || a.sequence - b.sequence)
        .slice(0, filter.limit);
    },
    async countDeliveries(endpointId) {
      const mine = [...t.deliveries.values()].filter((d) => d.endpointId === endpointId);
      return {
        pending: mine.filter((d) => d.status === 'pending').length,
        dead: mine.filter((d) => d.status === 'dead').length,
      };
    },
    async getEndpointState(id) {
      return t.endpoints.get(id) ?? null;
    },
    async putEndpointState(record) {
      t.endpoints.set(record.id, { ...record });
    },
  };
}

/**
 * A store that keeps everything in process memory: for tests and throwaway
 * demos. Transactions run one at a time and roll back on error.
 */
export function createMemoryStore(): ReverifyStore {
  let tables: Tables = {
    enrollments: new Map(),
    referenceImages: new Map(),
    reverifications: new Map(),
    events: new Map(),
    tokens: new Map(),
    captures: new Map(),
    deliveries: new Map(),
    endpoints: new Map(),
    templates: new Map(),
    keyframes: new Map(),
    clips: new Map(),
    audit: [],
    batches: new Map(),
    batchItems: new Map(),
    batchReports: new Map(),
    apiKeys: new Map(),
    factors: emptyFactorTables(),
  };
  let queue: Promise<unknown> = Promise.resolve();

  return {
    transaction(work) {
      const run = async () => {
        const draft = copyTables(tables);
        const result = await work(transactionOn(draft));
        tables = draft;
        return result;
      };
      const next = queue.then(run, run);
      queue = next.catch(() => undefined);
      return next;
    },
    async close() {
      await queue;
    },
  };
}
