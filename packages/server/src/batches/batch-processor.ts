import {
  type BatchCreated,
  type BatchStatus,
  type CreateBatchRequest,
  MAX_TIMEOUT_SECONDS,
  type MessageChannel,
  type Reverification,
} from '@reverify/contract';
import { newId } from '../core/ids.js';
import type { Sessions } from '../core/sessions.js';
import type { HandoffLinks } from '../handoff/handoff-links.js';
import { ReverifyError } from '../plugin/errors.js';
import type { Logger } from '../plugin/logger.js';
import type { BatchItemRecord, BatchJobRecord, ReverifyStore } from '../store/store.js';
import { batchReportCsv } from './batch-csv.js';

/** What the batch processor needs; assembled by `createReverifyHandler`. */
export interface BatchProcessorConfig {
  readonly sessions: Sessions;
  readonly handoffs: HandoffLinks;
  readonly store: ReverifyStore;
  /** Invitations in flight at once. */
  readonly concurrency: number;
  readonly clock: () => Date;
  readonly logger: Logger;
}

/** A batch's report, once generated. */
export type BatchReport =
  | { readonly status: 'pending' }
  | { readonly status: 'ready'; readonly csv: string };

/**
 * Batch reverification (SheerID-style): stores a batch and its people in one
 * transaction, then invites them in the background, a few at a time, batch
 * after batch. Each invitation creates (or reuses the active) reverification
 * and, when asked, sends its handoff link. Progress is stored per person, so
 * a restart resumes where it stopped (a message may then be sent twice,
 * never a second reverification). When a batch completes, its CSV report is
 * generated.
 */
export class BatchProcessor {
  readonly #config: BatchProcessorConfig;
  /** Batches (and report refreshes) waiting, in order. */
  readonly #queue: string[] = [];
  #running: Promise<void> | null = null;
  #stopped = false;

  constructor(config: BatchProcessorConfig) {
    this.#config = config;
  }

  /** Resumes batches left unfinished by a restart. */
  async start(): Promise<void> {
    const unfinished = await this.#config.store.transaction((tx) => tx.listUnfinishedBatches());
    for (const batch of unfinished) this.#enqueue(batch.id);
    if (unfinished.length) {
      this.#config.logger.info({ batches: unfinished.length }, 'batches resumed');
    }
  }

  /** Stops after the invitations in flight. */
  async stop(): Promise<void> {
    this.#stopped = true;
    await this.#running;
  }

  /** Stores a batch and queues it; `origin` is the handler's public origin (for links). */
  async create(request: CreateBatchRequest, origin: string): Promise<BatchCreated> {
    const at = this.#config.clock().toISOString();
    const batch: BatchJobRecord = {
      id: newId('bat'),
      status: 'queued',
      options: {
        origin,
        timeoutSeconds: request.timeoutSeconds ?? MAX_TIMEOUT_SECONDS,
        metadata: request.metadata ?? {},
        sendMessage: request.sendMessage ?? false,
        locale: request.locale ?? 'en',
      },
      total: request.records.length,
      processed: 0,
      failed: 0,
      createdAt: at,
      updatedAt: at,
      completedAt: null,
      reportStatus: 'pending',
      reportCsv: null,
      reportGeneratedAt: null,
    };
    const items: BatchItemRecord[] = request.records.map((record, row) => ({
      batchId: batch.id,
      row,
      referenceId: record.referenceId,
      phoneNumber: record.phoneNumber ?? null,
      email: record.email ?? null,
      status: 'pending',
      errorCode: null,
      reverificationId: null,
      messageChannel: null,
      updatedAt: at,
    }));
    await this.#config.store.transaction((tx) => tx.insertBatch(batch, items));
    this.#config.logger.info({ batchId: batch.id, records: batch.total }, 'batch queued');
    this.#enqueue(batch.id);
    const base = `/v1/batches/${batch.id}`;
    return { batchId: batch.id, statusUrl: base, reportUrl: `${base}/report` };
  }

  /** Where a batch stands. */
  async status(batchId: string): Promise<BatchStatus> {
    const batch = await this.#batch(batchId);
    return {
      batchId: batch.id,
      status: batch.status,
      totalRecords: batch.total,
      recordsProcessed: batch.processed,
      recordsFailed: batch.failed,
      createdAt: batch.createdAt,
      completedAt: batch.completedAt,
      report: { status: batch.reportStatus, generatedAt: batch.reportGeneratedAt },
    };
  }

  /** The CSV report, or `pending` while the batch runs or a refresh is being generated. */
  async report(batchId: string): Promise<BatchReport> {
    const batch = await this.#batch(batchId);
    return batch.reportStatus === 'ready' && batch.reportCsv !== null
      ? { status: 'ready', csv: batch.reportCsv }
      : { status: 'pending' };
  }

  /**
   * Generates the report again (pending → ready) with the reverifications'
   * current decisions.
   *
   * @throws `illegal_transition` while the batch is still processing.
   */
  async refreshReport(batchId: string): Promise<BatchStatus> {
    const batch = await this.#batch(batchId);
    if (batch.status !== 'completed') {
      throw new ReverifyError('illegal_transition', 'The batch is still processing.', {
        details: { status: batch.status },
      });
    }
    await this.#save({ ...batch, reportStatus: 'pending' });
    this.#enqueue(batchId);
    return this.status(batchId);
  }

  async #batch(batchId: string): Promise<BatchJobRecord> {
    const batch = await this.#config.store.transaction((tx) => tx.getBatch(batchId));
    if (!batch) throw new ReverifyError('batch_not_found', 'No batch has this id.');
    return batch;
  }

  async #save(batch: BatchJobRecord): Promise<void> {
    await this.#config.store.transaction((tx) => tx.updateBatch(batch));
  }

  #enqueue(batchId: string): void {
    this.#queue.push(batchId);
    this.#kick();
  }

  #kick(): void {
    if (this.#running || this.#stopped) return;
    this.#running = this.#drain().finally(() => {
      this.#running = null;
      if (this.#queue.length) this.#kick();
    });
  }

  async #drain(): Promise<void> {
    while (this.#queue.length && !this.#stopped) {
      const batchId = this.#queue.shift() as string;
      try {
        await this.#process(batchId);
      } catch (error) {
        this.#config.logger.error({ batchId, error: String(error) }, 'batch processing failed');
      }
    }
  }

  async #process(batchId: string): Promise<void> {
    const stored = await this.#batch(batchId);
    const batch: BatchJobRecord =
      stored.status === 'queued' ? { ...stored, status: 'processing' } : stored;
    if (batch !== stored) await this.#save(batch);
    for (;;) {
      if (this.#stopped) return;
      const pending = await this.#config.store.transaction((tx) =>
        tx.listBatchItems(batchId, { pendingOnly: true, limit: this.#config.concurrency }),
      );
      if (!pending.length) break;
      await Promise.all(pending.map((item) => this.#invite(batch, item)));
    }
    if (this.#stopped) return;
    await this.#generateReport(batchId);
  }

  /** Invites one person and records the outcome, counting it on the batch in the same transaction. */
  async #invite(batch: BatchJobRecord, item: BatchItemRecord): Promise<void> {
    const { sessions, handoffs, store } = this.#config;
    const { id: batchId, options } = batch;
    let reverificationId: string | null = null;
    let messageChannel: MessageChannel | null = null;
    let errorCode: string | null = null;
    try {
      const { session } = await sessions.create({
        referenceId: item.referenceId,
        timeoutSeconds: options.timeoutSeconds,
        metadata: { ...options.metadata, batchId },
      });
      reverificationId = session.id;
      const contact = item.phoneNumber
        ? { phoneNumber: item.phoneNumber }
        : item.email
          ? { email: item.email }
          : null;
      if (options.sendMessage && contact) {
        const handoff = await handoffs.create(
          session.id,
          { ...contact, sendMessage: true, locale: options.locale },
          options.origin,
        );
        messageChannel = handoff.message?.channel ?? null;
      }
    } catch (error) {
      errorCode = error instanceof ReverifyError ? error.code : 'internal_error';
      if (!(error instanceof ReverifyError)) {
        this.#config.logger.error(
          { batchId, row: item.row, error: String(error) },
          'batch invitation failed',
        );
      }
    }
    const at = this.#config.clock().toISOString();
    await store.transaction(async (tx) => {
      await tx.updateBatchItem({
        ...item,
        status: errorCode ? 'failed' : 'invited',
        errorCode,
        reverificationId,
        messageChannel,
        updatedAt: at,
      });
      const current = (await tx.getBatch(batchId)) as BatchJobRecord;
      await tx.updateBatch({
        ...current,
        processed: current.processed + 1,
        failed: current.failed + (errorCode ? 1 : 0),
        updatedAt: at,
      });
    });
  }

  async #generateReport(batchId: string): Promise<void> {
    const items = await this.#config.store.transaction((tx) =>
      tx.listBatchItems(batchId, { pendingOnly: false, limit: Number.MAX_SAFE_INTEGER }),
    );
    const reverifications = new Map<string, Reverification>();
    for (const item of items) {
      if (item.reverificationId) {
        reverifications.set(
          item.reverificationId,
          await this.#config.sessions.get(item.reverificationId),
        );
      }
    }
    const csv = batchReportCsv(items, reverifications);
    const at = this.#config.clock().toISOString();
    const batch = await this.#batch(batchId);
    await this.#save({
      ...batch,
      status: 'completed',
      completedAt: batch.completedAt ?? at,
      updatedAt: at,
      reportStatus: 'ready',
      reportCsv: csv,
      reportGeneratedAt: at,
    });
    this.#config.logger.info({ batchId, records: items.length }, 'batch report ready');
  }
}
