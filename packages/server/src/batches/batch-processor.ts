import {
  type BatchCreated,
  type BatchStatus,
  type CreateBatchRequest,
  MAX_TIMEOUT_SECONDS,
  type MessageChannel,
  type Report,
  type ReportCreated,
} from '@reverify/contract';
import { newId } from '../core/ids.js';
import type { Sessions } from '../core/sessions.js';
import type { HandoffLinks } from '../handoff/handoff-links.js';
import { ReverifyError } from '../plugin/errors.js';
import type { Logger } from '../plugin/logger.js';
import type {
  BatchItemRecord,
  BatchJobRecord,
  BatchReportRecord,
  ReverifyStore,
} from '../store/store.js';
import { batchReportCsv } from './batch-csv.js';

/** What the batch processor needs; assembled by `createReverifyHandler`. */
export interface BatchProcessorConfig {
  readonly sessions: Sessions;
  readonly handoffs: HandoffLinks;
  readonly store: ReverifyStore;
  /** Invitations in flight at once. */
  readonly concurrency: number;
  /**
   * How often to look for batches and reports that another instance
   * queued (or left behind when it stopped), in milliseconds; 0 only at
   * start.
   */
  readonly pollIntervalMs: number;
  readonly clock: () => Date;
  readonly logger: Logger;
}

/** How long an instance holds the people it claimed before another may invite them. */
export const ITEM_LEASE_MS = 120_000;

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
 *
 * Several instances on one database share the work: each claims people
 * with a lease ({@link ITEM_LEASE_MS}), so each person is invited by one
 * instance, and one whose instance died is invited by another once the
 * lease ends; every instance looks for unfinished batches every
 * `pollIntervalMs`.
 */
export class BatchProcessor {
  readonly #config: BatchProcessorConfig;
  /** Batches, report refreshes and reports (`rpt_…`) waiting, in order. */
  readonly #queue: string[] = [];
  #running: Promise<void> | null = null;
  #timer: ReturnType<typeof setInterval> | undefined;
  #stopped = false;

  constructor(config: BatchProcessorConfig) {
    this.#config = config;
  }

  /** Resumes batches left unfinished by a restart, then looks for more every `pollIntervalMs`. */
  async start(): Promise<void> {
    const resumed = await this.#discover();
    if (resumed) this.#config.logger.info({ batches: resumed }, 'batches resumed');
    if (this.#config.pollIntervalMs > 0 && !this.#stopped) {
      this.#timer = setInterval(() => {
        this.#discover().catch((error: unknown) =>
          this.#config.logger.error({ error: String(error) }, 'could not look for batches'),
        );
      }, this.#config.pollIntervalMs);
      this.#timer.unref();
    }
  }

  /** Stops after the invitations in flight. */
  async stop(): Promise<void> {
    this.#stopped = true;
    clearInterval(this.#timer);
    await this.#running;
  }

  /** Queues every unfinished batch and pending report; returns how many batches. */
  async #discover(): Promise<number> {
    const [unfinished, reports] = await this.#config.store.transaction(async (tx) => [
      await tx.listUnfinishedBatches(),
      await tx.listPendingReports(),
    ]);
    for (const { id } of [...unfinished, ...reports]) this.#enqueue(id);
    return unfinished.length;
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
      leaseUntil: null,
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

  /**
   * Asks for a report on a batch, its own resource (SheerID's `POST
   * /report/reverify/{batchId}`): `PENDING` until generated, in the
   * background, with the decisions as they are once the batch completed.
   *
   * @throws `batch_not_found`.
   */
  async requestReport(batchId: string, requester: string): Promise<ReportCreated> {
    await this.#batch(batchId);
    const report: BatchReportRecord = {
      id: newId('rpt'),
      batchId,
      status: 'PENDING',
      requester,
      csv: null,
      createdAt: this.#config.clock().toISOString(),
      completedAt: null,
    };
    await this.#config.store.transaction((tx) => tx.insertReport(report));
    this.#enqueue(report.id);
    return { id: report.id, status: 'PENDING', statusUrl: `/v1/reports/${report.id}` };
  }

  /**
   * A report as the API shows it.
   *
   * @throws `report_not_found`.
   */
  async getReport(reportId: string): Promise<Report> {
    const { csv: _csv, ...report } = await this.#report(reportId);
    return {
      ...report,
      retrievalUrl: report.status === 'READY' ? `/v1/reports/${report.id}/download` : null,
    };
  }

  /** A report's CSV, or `null` while it is `PENDING`. @throws `report_not_found`. */
  async reportCsv(reportId: string): Promise<string | null> {
    return (await this.#report(reportId)).csv;
  }

  async #report(reportId: string): Promise<BatchReportRecord> {
    const report = await this.#config.store.transaction((tx) => tx.getReport(reportId));
    if (!report) throw new ReverifyError('report_not_found', 'No report has this id.');
    return report;
  }

  async #batch(batchId: string): Promise<BatchJobRecord> {
    const batch = await this.#config.store.transaction((tx) => tx.getBatch(batchId));
    if (!batch) throw new ReverifyError('batch_not_found', 'No batch has this id.');
    return batch;
  }

  async #save(batch: BatchJobRecord): Promise<void> {
    await this.#config.store.transaction((tx) => tx.updateBatch(batch));
  }

  /** Queues a batch or report unless it already waits (working it twice is harmless, only wasted). */
  #enqueue(id: string): void {
    if (!this.#queue.includes(id)) this.#queue.push(id);
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

  async #process(id: string): Promise<void> {
    if (id.startsWith('rpt_')) return this.#fillReport(await this.#report(id));
    const batchId = id;
    const batch = await this.#config.store.transaction(async (tx) => {
      const stored = await tx.getBatch(batchId);
      if (stored?.status !== 'queued') return stored;
      const started: BatchJobRecord = { ...stored, status: 'processing' };
      await tx.updateBatch(started);
      return started;
    });
    if (!batch) throw new ReverifyError('batch_not_found', 'No batch has this id.');
    if (batch.status === 'completed') {
      // Queued again for a report refresh (or twice): nothing else to do.
      if (batch.reportStatus === 'pending') await this.#generateReport(batchId);
      return;
    }
    for (;;) {
      if (this.#stopped) return;
      const now = this.#config.clock();
      const claimed = await this.#config.store.transaction((tx) =>
        tx.claimBatchItems(
          batchId,
          now.toISOString(),
          new Date(now.getTime() + ITEM_LEASE_MS).toISOString(),
          this.#config.concurrency,
        ),
      );
      if (!claimed.length) break;
      await Promise.all(claimed.map((item) => this.#invite(batch, item)));
    }
    if (this.#stopped) return;
    // People another instance still holds: that instance (or, after its lease, a poll here) finishes.
    const current = await this.#batch(batchId);
    if (current.processed >= current.total) await this.#generateReport(batchId);
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
      // Held past its lease, the person may have been invited by another instance meanwhile.
      if ((await tx.getBatchItem(batchId, item.row))?.status !== 'pending') return;
      await tx.updateBatchItem({
        ...item,
        status: errorCode ? 'failed' : 'invited',
        errorCode,
        reverificationId,
        messageChannel,
        leaseUntil: null,
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

  /** The CSV of a batch: one row per person, with the reverifications' current decisions. */
  async #reportCsv(batchId: string): Promise<string> {
    const items = await this.#config.store.transaction((tx) =>
      tx.listBatchItems(batchId, Number.MAX_SAFE_INTEGER),
    );
    const reverifications = await this.#config.sessions.getMany(
      items.flatMap((item) => (item.reverificationId ? [item.reverificationId] : [])),
    );
    return batchReportCsv(items, reverifications);
  }

  /** Generates a report now when its batch is complete; else the batch's completion fills it. */
  async #fillReport(report: BatchReportRecord): Promise<void> {
    if (report.status !== 'PENDING') return;
    const batch = await this.#batch(report.batchId);
    if (batch.status !== 'completed') return;
    await this.#completeReports([report], await this.#reportCsv(batch.id));
  }

  async #completeReports(reports: readonly BatchReportRecord[], csv: string): Promise<void> {
    const at = this.#config.clock().toISOString();
    await this.#config.store.transaction(async (tx) => {
      for (const report of reports) {
        await tx.updateReport({ ...report, status: 'READY', csv, completedAt: at });
      }
    });
  }

  async #generateReport(batchId: string): Promise<void> {
    const csv = await this.#reportCsv(batchId);
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
    const waiting = await this.#config.store.transaction((tx) => tx.listPendingReports(batchId));
    await this.#completeReports(waiting, csv);
    this.#config.logger.info({ batchId, records: batch.total }, 'batch report ready');
  }
}
