import type {
  AuditAction,
  CaptureChecks,
  Decision,
  EnrollmentStatus,
  ImageFormat,
  MessageChannel,
  MessageLocale,
  Metadata,
  ReasonCode,
  ReverificationStatus,
  SandboxOutcome,
  StreamEvent,
  WebhookEventType,
} from '@reverify/contract';

/** A sanitized image as stored: re-encoded, metadata-free bytes. */
export interface StoredImage {
  readonly bytes: Uint8Array;
  readonly format: ImageFormat;
  readonly width: number;
  readonly height: number;
}

/** An enrollment row. Timestamps are ISO-8601 UTC strings. */
export interface EnrollmentRecord {
  readonly id: string;
  readonly referenceId: string;
  readonly status: EnrollmentStatus;
  readonly provider: string;
  readonly providerEnrollmentId: string | null;
  readonly failureReason: ReasonCode | null;
  readonly metadata: Metadata;
  readonly createdAt: string;
  readonly updatedAt: string;
}

/** A reverification row: the API resource plus what only the server sees. */
export interface ReverificationRecord {
  readonly id: string;
  readonly referenceId: string;
  readonly status: ReverificationStatus;
  readonly decision: Decision | null;
  readonly reasons: readonly ReasonCode[];
  readonly threshold: number | null;
  readonly timeoutSeconds: number;
  readonly metadata: Metadata;
  readonly provider: string;
  readonly retryOf: string | null;
  readonly sandboxOutcome: SandboxOutcome | null;
  readonly matchScore: number | null;
  readonly livenessScore: number | null;
  readonly providerReference: string | null;
  readonly createdAt: string;
  readonly updatedAt: string;
  readonly expiresAt: string;
  readonly completedAt: string | null;
  /** When the capture of this reverification is deleted; `null` while it is still needed. */
  readonly purgeAfter: string | null;
}

/** One appended lifecycle event; `sequence` is 1, 2, 3… per reverification. */
export type EventRecord = StreamEvent;

/** What a browser token may do: upload the capture, read events, open a handoff link. */
export type TokenScope = 'upload' | 'stream' | 'handoff';

/** A browser token; only its SHA-256 is stored. */
export interface TokenRecord {
  readonly hash: string;
  readonly reverificationId: string;
  readonly scope: TokenScope;
  readonly expiresAt: string;
  /** When a single-use token was spent; `null` before. */
  readonly usedAt: string | null;
}

/** The uploaded selfie of a reverification. */
export interface CaptureRecord {
  readonly id: string;
  readonly reverificationId: string;
  /** The `Idempotency-Key` of the upload that created it, if any. */
  readonly idempotencyKey: string | null;
  /** The sanitized image; `null` once retention purged it. */
  readonly image: StoredImage | null;
  /** The device's quality telemetry, sent with the upload. */
  readonly checks: CaptureChecks | null;
  readonly createdAt: string;
  readonly purgedAt: string | null;
}

/** Counts of biometric records removed by {@link StoreTransaction.deleteBiometricData}. */
export interface BiometricDeletion {
  readonly referenceImages: number;
  readonly captures: number;
  /** Provider face templates (e.g. the local matcher's embeddings). */
  readonly templates: number;
}

/** Where one webhook delivery stands. */
export type DeliveryStatus = 'pending' | 'delivered' | 'dead';

/** One event to one endpoint: the transactional outbox row. */
export interface DeliveryRecord {
  /** `${eventId}:${endpointId}`. */
  readonly id: string;
  /** The event id; also the `webhook-id` header on every attempt. */
  readonly eventId: string;
  readonly endpointId: string;
  readonly eventType: WebhookEventType;
  /** `null` for test events. */
  readonly reverificationId: string | null;
  /** The event's sequence within its reverification: deliveries of one reverification go out in this order. */
  readonly sequence: number;
  /** The exact JSON body, the same bytes on every attempt. */
  readonly payload: string;
  readonly status: DeliveryStatus;
  readonly attempts: number;
  /** When the next attempt is due (or the current attempt's lease ends); `null` once final. */
  readonly nextAttemptAt: string | null;
  readonly lastStatus: number | null;
  readonly lastError: string | null;
  readonly createdAt: string;
  readonly updatedAt: string;
  readonly deliveredAt: string | null;
}

/** What the dispatcher remembers about an endpoint. */
export interface EndpointStateRecord {
  readonly id: string;
  /** Set when the receiver answered 410 Gone. */
  readonly disabledAt: string | null;
  readonly consecutiveFailures: number;
  readonly lastSuccessAt: string | null;
  readonly lastFailureAt: string | null;
  readonly lastStatus: number | null;
}

/** One audit entry; `id` is assigned by the store, in order. */
export interface AuditRecord {
  readonly id: number;
  readonly reverificationId: string;
  readonly referenceId: string;
  readonly action: AuditAction;
  readonly actor: string;
  readonly occurredAt: string;
  readonly previousDecision: Decision | null;
  readonly decision: Decision | null;
  readonly notes: string | null;
  readonly relatedReverificationId: string | null;
}

/** Filters and order of {@link StoreTransaction.listReverifications}. */
export interface ReverificationFilter {
  readonly referenceId?: string | undefined;
  readonly status?: ReverificationStatus | undefined;
  readonly decision?: Decision | undefined;
  /** `newest` (history) or `oldest` (a queue) first, by `createdAt`. */
  readonly order: 'newest' | 'oldest';
  readonly offset: number;
  readonly limit: number;
}

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
  readonly updatedAt: string;
}

/**
 * The operations one transaction may perform. Everything done through one
 * `tx` commits together or not at all.
 */
export interface StoreTransaction {
  getEnrollment(id: string): Promise<EnrollmentRecord | null>;
  getEnrollmentByReference(referenceId: string): Promise<EnrollmentRecord | null>;
  /** Inserts, or replaces the row with the same id. */
  putEnrollment(record: EnrollmentRecord): Promise<void>;
  /** Stores (or with `null` deletes) the reference selfie of an enrollment. */
  putReferenceImage(enrollmentId: string, image: StoredImage | null): Promise<void>;
  getReferenceImage(enrollmentId: string): Promise<StoredImage | null>;

  getReverification(id: string): Promise<ReverificationRecord | null>;
  /** The newest reverification of `referenceId` that is pending, capturing or processing. */
  findActiveReverification(referenceId: string): Promise<ReverificationRecord | null>;
  insertReverification(record: ReverificationRecord): Promise<void>;
  updateReverification(record: ReverificationRecord): Promise<void>;
  /** Active reverifications whose `expiresAt` is at or before `now`, oldest first. */
  listDueForExpiry(now: string, limit: number): Promise<ReverificationRecord[]>;
  /** One page of reverifications matching `filter`, and how many match in all. */
  listReverifications(
    filter: ReverificationFilter,
  ): Promise<{ records: ReverificationRecord[]; total: number }>;
  /** How many reverifications of `referenceId` were created at or after `since`, and the oldest of them. */
  countCreatedSince(
    referenceId: string,
    since: string,
  ): Promise<{ count: number; oldest: string | null }>;
  /**
   * Reverifications of `provider` in `processing`, soonest to expire first:
   * only those with a provider reference when `withReference` is true.
   */
  listProcessing(
    provider: string,
    limit: number,
    filter: { readonly withReference: boolean },
  ): Promise<ReverificationRecord[]>;

  appendEvent(event: EventRecord): Promise<void>;
  /** Events with `sequence > afterSequence`, in order. */
  listEvents(reverificationId: string, afterSequence: number): Promise<EventRecord[]>;

  insertToken(record: TokenRecord): Promise<void>;
  getToken(hash: string): Promise<TokenRecord | null>;
  /** Marks a token spent; returns `false` when it was already spent. */
  markTokenUsed(hash: string, at: string): Promise<boolean>;
  /** Spends every unspent token of `scope` of a reverification (a new handoff link replaces the old). */
  spendTokens(reverificationId: string, scope: TokenScope, at: string): Promise<void>;

  /** Appends an audit entry (the store assigns its `id`); entries are never changed or removed. */
  appendAudit(entry: Omit<AuditRecord, 'id'>): Promise<void>;
  /** A reverification's audit trail, oldest first. */
  listAudit(reverificationId: string): Promise<AuditRecord[]>;

  insertBatch(batch: BatchJobRecord, items: readonly BatchItemRecord[]): Promise<void>;
  getBatch(id: string): Promise<BatchJobRecord | null>;
  updateBatch(batch: BatchJobRecord): Promise<void>;
  /** Batches not completed (to resume after a restart), oldest first. */
  listUnfinishedBatches(): Promise<BatchJobRecord[]>;
  /** Items of a batch in row order; only `pending` ones when asked, at most `limit`. */
  listBatchItems(
    batchId: string,
    filter: { readonly pendingOnly: boolean; readonly limit: number },
  ): Promise<BatchItemRecord[]>;
  updateBatchItem(item: BatchItemRecord): Promise<void>;

  insertCapture(record: CaptureRecord): Promise<void>;
  getCaptureByReverification(reverificationId: string): Promise<CaptureRecord | null>;
  /** Deletes the image bytes of captures whose reverification's `purgeAfter` ≤ `now`; returns how many. */
  purgeCaptures(now: string): Promise<number>;
  /** Deletes every reference image, capture image and provider template of `referenceId`. */
  deleteBiometricData(referenceId: string, at: string): Promise<BiometricDeletion>;
  /** Stores (or with `null` deletes) a provider's face template of a person. */
  putTemplate(provider: string, referenceId: string, template: Uint8Array | null): Promise<void>;
  getTemplate(provider: string, referenceId: string): Promise<Uint8Array | null>;

  insertDeliveries(records: readonly DeliveryRecord[]): Promise<void>;
  /**
   * Pending deliveries due at `now`, oldest due first, skipping `excludeEndpoints`
   * and any delivery whose reverification has an earlier pending delivery to
   * the same endpoint (per-reverification order).
   */
  dueDeliveries(
    now: string,
    limit: number,
    excludeEndpoints: readonly string[],
  ): Promise<DeliveryRecord[]>;
  updateDelivery(record: DeliveryRecord): Promise<void>;
  /** Deliveries matching every given filter, oldest first. */
  listDeliveries(filter: {
    readonly status?: DeliveryStatus;
    readonly endpointId?: string;
    readonly eventId?: string;
    readonly limit: number;
  }): Promise<DeliveryRecord[]>;
  /** Pending and dead deliveries of an endpoint. */
  countDeliveries(endpointId: string): Promise<{ pending: number; dead: number }>;
  getEndpointState(id: string): Promise<EndpointStateRecord | null>;
  putEndpointState(record: EndpointStateRecord): Promise<void>;
}

/**
 * Where the handler keeps its state. Implementations: `createSqliteStore`
 * (the embedded default) and `createMemoryStore` (tests). Both pass one
 * conformance suite.
 */
export interface ReverifyStore {
  /**
   * Runs `work` in one transaction: all its writes commit together, or none
   * do when it throws (the error is rethrown). Transactions do not interleave.
   */
  transaction<T>(work: (tx: StoreTransaction) => Promise<T>): Promise<T>;
  /** Releases the store's resources. */
  close(): Promise<void>;
}
