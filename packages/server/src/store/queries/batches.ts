import type { MessageChannel, MessageLocale, Metadata } from '@reverify/contract';

/** How a batch's invitations are made. */
export interface BatchOptions {
  /** The handler's public origin when the batch came in, for its handoff links. */
  readonly origin: string;
  readonly timeoutSeconds: number;
  readonly metadata: Metadata;
  readonly sendMessage: boolean;
  readonly locale: MessageLocale;
}

/** A batch of reverification invitations, processed in the background. */
export interface BatchJobRecord {
  readonly id: string;
  readonly status: 'queued' | 'processing' | 'completed';
  readonly options: BatchOptions;
  readonly total: number;
  readonly processed: number;
  readonly failed: number;
  readonly createdAt: string;
  readonly updatedAt: string;
  readonly completedAt: string | null;
  readonly reportStatus: 'pending' | 'ready';
  /** The last generated CSV report; `null` before the first. */
  readonly reportCsv: string | null;
  readonly reportGeneratedAt: string | null;
}

/** One person of a batch. */
export interface BatchItemRecord {
  readonly batchId: string;
  /** 0-based position in the batch. */
  readonly row: number;
  readonly referenceId: string;
  readonly phoneNumber: string | null;
  readonly email: string | null;
  readonly status: 'pending' | 'invited' | 'failed';
  /** Why the invitation failed (an error code). */
  readonly errorCode: string | null;
  readonly reverificationId: string | null;
  /** How the link was sent, if it was. */
  readonly messageChannel: MessageChannel | null;
  /** Until when an instance holds this pending item's invitation; `null` when none does. */
  readonly leaseUntil: string | null;
  readonly updatedAt: string;
}

/**
 * A report on a batch, its own resource as SheerID's seed has it: asked for
 * by a requester, `PENDING` until generated, then `READY` with its CSV.
 */
export interface BatchReportRecord {
  readonly id: string;
  readonly batchId: string;
  readonly status: 'PENDING' | 'READY';
  /** Who asked for it (the actor or the API key's name). */
  readonly requester: string;
  /** The CSV, once `READY`. */
  readonly csv: string | null;
  readonly createdAt: string;
  readonly completedAt: string | null;
}

/** Batches and their items. */
export interface BatchQueries {
  insertBatch(batch: BatchJobRecord, items: readonly BatchItemRecord[]): Promise<void>;
  getBatch(id: string): Promise<BatchJobRecord | null>;
  updateBatch(batch: BatchJobRecord): Promise<void>;
  /** Batches not completed (to resume after a restart), oldest first. */
  listUnfinishedBatches(): Promise<BatchJobRecord[]>;
  /** Items of a batch in row order, at most `limit`. */
  listBatchItems(batchId: string, limit: number): Promise<BatchItemRecord[]>;
  getBatchItem(batchId: string, row: number): Promise<BatchItemRecord | null>;
  /**
   * Claims up to `limit` pending items of a batch that no instance holds
   * (no lease, or one that ended at or before `now`), in row order: they
   * are returned leased until `leaseUntil`. Instances claiming at the same
   * time get different items.
   */
  claimBatchItems(
    batchId: string,
    now: string,
    leaseUntil: string,
    limit: number,
  ): Promise<BatchItemRecord[]>;
  updateBatchItem(item: BatchItemRecord): Promise<void>;
  insertReport(report: BatchReportRecord): Promise<void>;
  getReport(id: string): Promise<BatchReportRecord | null>;
  updateReport(report: BatchReportRecord): Promise<void>;
  /** Reports still `PENDING` (of one batch, or all), oldest first. */
  listPendingReports(batchId?: string): Promise<BatchReportRecord[]>;
}
