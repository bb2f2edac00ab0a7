import {
  type AuditEntry,
  type CaptureChecks,
  type ClientSession,
  type CreateReverificationRequest,
  DEFAULT_TIMEOUT_SECONDS,
  type Enrollment,
  eventTypeFor,
  type HandoffSession,
  isSettled,
  type LifecycleEvent,
  type ListReverificationsQuery,
  type Metadata,
  type ReasonCode,
  type RestartReverificationRequest,
  type Reverification,
  type ReverificationDetails,
  type ReverificationPage,
  type ReverificationSession,
  type ReviewRequest,
  type StreamEvent,
  transition,
  type UploadResponse,
} from '@reverify/contract';
import { ReverifyError } from '../errors.js';
import { type ImageLimits, sanitizeImage } from '../image/sanitize-image.js';
import type { Logger } from '../logger.js';
import type { FaceMatchProvider, MatchOutcome, ProviderWebhook } from '../providers/provider.js';
import type {
  AuditRecord,
  BiometricDeletion,
  CaptureRecord,
  DeliveryRecord,
  EnrollmentRecord,
  ReverificationRecord,
  ReverifyStore,
  StoredImage,
  StoreTransaction,
  TokenRecord,
  TokenScope,
} from '../store/store.js';
import { EventBus } from './event-bus.js';
import { hashSecret, newId, newSecret } from './ids.js';

/** How each kind of browser token starts, so a leaked one is recognizable. */
const TOKEN_PREFIX: Record<TokenScope, string> = { upload: 'rvc', stream: 'rvs', handoff: 'rvh' };

/** The most in-flight matches a provider resumes after a restart. */
const IN_FLIGHT_LIMIT = 10_000;

/** How long biometric images are kept. */
export interface RetentionOptions {
  /** Seconds a capture is kept after its reverification ends (decided, failed, expired). */
  readonly captureSeconds: number;
  /** Seconds a capture in manual review is kept while it waits for a reviewer. */
  readonly manualReviewSeconds: number;
}

/** How many reverifications one referenceId may start per window, against brute force. */
export interface AttemptsLimit {
  readonly max: number;
  readonly windowSeconds: number;
}

/** What the core needs; assembled by `createReverifyHandler`. */
export interface CoreConfig {
  readonly store: ReverifyStore;
  readonly provider: FaceMatchProvider;
  readonly mode: 'sandbox' | 'production';
  readonly clock: () => Date;
  readonly tokenTtlSeconds: number;
  readonly retention: RetentionOptions;
  readonly imageLimits: ImageLimits;
  readonly providerTimeoutMs: number;
  /** New reverifications allowed per referenceId per window (restarts and batches count). */
  readonly attempts: AttemptsLimit;
  readonly logger: Logger;
  /** The outbox rows of one event (one per webhook endpoint), written in the event's transaction. */
  readonly outbox: (event: StreamEvent, at: string) => DeliveryRecord[];
  /** Called after a transaction that wrote events committed (wakes the webhook dispatcher). */
  readonly afterCommit: () => void;
}

/** An uploaded capture as the HTTP layer hands it over. */
export interface CaptureUpload {
  readonly reverificationId: string;
  /** The upload token, already checked by {@link ReverifyCore.authorizeToken}. */
  readonly token: TokenRecord;
  readonly idempotencyKey: string | null;
  readonly bytes: Uint8Array;
  readonly checks: CaptureChecks | null;
}

/** The API form of an audit record. */
function toAuditEntry(record: AuditRecord): AuditEntry {
  return { ...record };
}

function addSeconds(date: Date, seconds: number): string {
  return new Date(date.getTime() + seconds * 1000).toISOString();
}

/** The API form of a stored enrollment. */
export function toEnrollment(record: EnrollmentRecord): Enrollment {
  return { ...record };
}

/** The API form of a stored reverification; `details` only when given. */
export function toReverification(
  record: ReverificationRecord,
  details: ReverificationDetails | null = null,
): Reverification {
  const resource: Reverification = {
    id: record.id,
    referenceId: record.referenceId,
    status: record.status,
    decision: record.decision,
    reasons: [...record.reasons],
    threshold: record.threshold,
    timeoutSeconds: record.timeoutSeconds,
    metadata: record.metadata,
    provider: record.provider,
    retryOf: record.retryOf,
    createdAt: record.createdAt,
    updatedAt: record.updatedAt,
    expiresAt: record.expiresAt,
    completedAt: record.completedAt,
  };
  if (details) resource.details = details;
  return resource;
}

/**
 * The handler's logic, independent of HTTP: enrollment, the reverification
 * lifecycle, browser tokens, captures, provider verdicts, expiry and
 * retention. Every state change goes through the contract's `transition` and
 * appends its event in the same store transaction.
 */
export class ReverifyCore {
  /** Committed events, for live streams. */
  readonly bus = new EventBus();
  readonly #config: CoreConfig;

  constructor(config: CoreConfig) {
    this.#config = config;
  }

  /** Starts the provider; call once before serving. */
  async start(): Promise<void> {
    const { store, provider } = this.#config;
    await provider.start({
      report: (id, outcome) => this.report(id, outcome),
      logger: this.#config.logger,
      inFlight: async () => {
        const records = await store.transaction((tx) =>
          tx.listProcessing(provider.name, IN_FLIGHT_LIMIT, { withReference: true }),
        );
        return records.map((record) => ({
          reverificationId: record.id,
          providerReference: record.providerReference as string,
          expiresAt: record.expiresAt,
        }));
      },
      templates: {
        get: (referenceId) => store.transaction((tx) => tx.getTemplate(provider.name, referenceId)),
        put: (referenceId, template) =>
          store.transaction((tx) => tx.putTemplate(provider.name, referenceId, template)),
        delete: (referenceId) =>
          store.transaction((tx) => tx.putTemplate(provider.name, referenceId, null)),
      },
    });
    // In the background, like resuming batches: a store hiccup here must not stop the handler starting.
    this.#restartLostMatches().catch((error: unknown) =>
      this.#config.logger.error({ error: String(error) }, 'could not restart lost matches'),
    );
  }

  /**
   * Starts again the matches that were in flight inside the process when it
   * last stopped (see {@link FaceMatchProvider.lostOnRestart}), from their
   * stored captures; one whose capture is gone fails with `provider_error`.
   */
  async #restartLostMatches(): Promise<void> {
    const { provider, store, logger } = this.#config;
    if (!provider.lostOnRestart) return;
    const now = this.#now().toISOString();
    const lost = await store.transaction(async (tx) => {
      const processing = await tx.listProcessing(provider.name, IN_FLIGHT_LIMIT, {
        withReference: false,
      });
      const found = [];
      for (const record of processing) {
        if (record.expiresAt <= now || !provider.lostOnRestart?.(record)) continue;
        found.push({
          record,
          enrollment: await tx.getEnrollmentByReference(record.referenceId),
          image: (await tx.getCaptureByReverification(record.id))?.image ?? null,
        });
      }
      return found;
    });
    for (const { record, enrollment, image } of lost) {
      if (enrollment && image) {
        this.#startMatch(record, enrollment, image);
        continue;
      }
      await this.report(record.id, {
        kind: 'failed',
        reasons: ['provider_error'],
        message: 'the capture of a match lost in a restart is gone',
      });
    }
    if (lost.length > 0)
      logger.info({ restarted: lost.length }, 'restarted matches lost in a restart');
  }

  #now(): Date {
    return this.#config.clock();
  }

  async #callProvider<T>(what: string, work: (signal: AbortSignal) => Promise<T>): Promise<T> {
    const controller = new AbortController();
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => {
        controller.abort();
        reject(
          new ReverifyError(
            'provider_timeout',
            `The face-match provider did not answer (${what}).`,
          ),
        );
      }, this.#config.providerTimeoutMs);
    });
    try {
      return await Promise.race([work(controller.signal), timeout]);
    } catch (error) {
      if (error instanceof ReverifyError) throw error;
      throw new ReverifyError('provider_error', `The face-match provider failed (${what}).`, {
        cause: error,
      });
    } finally {
      clearTimeout(timer);
    }
  }

  // ─── Enrollment ──────────────────────────────────────────────────────────

  /**
   * Enrolls (or re-enrolls) a person from a reference selfie or a provider
   * enrollment id. Replaces an earlier enrollment of the same referenceId.
   */
  async enroll(input: {
    referenceId: string;
    providerEnrollmentId?: string | undefined;
    metadata?: Metadata | undefined;
    image?: Uint8Array | undefined;
  }): Promise<{ enrollment: Enrollment; created: boolean }> {
    if (!input.image && !input.providerEnrollmentId) {
      throw new ReverifyError(
        'invalid_request',
        'Send a reference selfie or a providerEnrollmentId.',
      );
    }
    this.#config.provider.admit?.();
    const image = input.image ? await sanitizeImage(input.image, this.#config.imageLimits) : null;
    const { provider } = this.#config;
    const outcome = await this.#callProvider('enroll', (signal) =>
      provider.enroll(
        {
          referenceId: input.referenceId,
          image,
          providerEnrollmentId: input.providerEnrollmentId ?? null,
        },
        signal,
      ),
    );
    const at = this.#now().toISOString();
    return this.#config.store.transaction(async (tx) => {
      const existing = await tx.getEnrollmentByReference(input.referenceId);
      const record: EnrollmentRecord = {
        id: existing?.id ?? newId('en'),
        referenceId: input.referenceId,
        status: outcome.status,
        provider: provider.name,
        providerEnrollmentId: outcome.providerEnrollmentId,
        failureReason: outcome.failureReason,
        metadata: input.metadata ?? {},
        createdAt: existing?.createdAt ?? at,
        updatedAt: at,
      };
      await tx.putEnrollment(record);
      await tx.putReferenceImage(record.id, outcome.status === 'success' ? image : null);
      return { enrollment: toEnrollment(record), created: !existing };
    });
  }

  /** One enrollment by id. */
  async getEnrollment(id: string): Promise<Enrollment> {
    const record = await this.#config.store.transaction((tx) => tx.getEnrollment(id));
    if (!record) throw new ReverifyError('enrollment_not_found', 'No enrollment has this id.');
    return toEnrollment(record);
  }

  /** The enrollment of a referenceId. */
  async findEnrollment(referenceId: string): Promise<Enrollment> {
    const record = await this.#config.store.transaction((tx) =>
      tx.getEnrollmentByReference(referenceId),
    );
    if (!record)
      throw new ReverifyError('enrollment_not_found', 'This referenceId is not enrolled.');
    return toEnrollment(record);
  }

  /** Deletes every biometric image of a referenceId, here and at the provider. */
  async deleteBiometricData(referenceId: string): Promise<BiometricDeletion> {
    const at = this.#now().toISOString();
    const deleted = await this.#config.store.transaction((tx) =>
      tx.deleteBiometricData(referenceId, at),
    );
    await this.#callProvider('delete', () => this.#config.provider.deleteReference(referenceId));
    this.#config.logger.info({ referenceId, ...deleted }, 'biometric data deleted');
    return deleted;
  }

  // ─── Lifecycle ───────────────────────────────────────────────────────────

  /** Applies `event` inside `tx`: transition, row update and appended event. */
  async #apply(
    tx: StoreTransaction,
    record: ReverificationRecord,
    event: LifecycleEvent,
    patch: Partial<ReverificationRecord> = {},
  ): Promise<{ record: ReverificationRecord; event: StreamEvent }> {
    const next = transition(record, event);
    const now = this.#now();
    const at = now.toISOString();
    const settled = isSettled(next.status);
    const waitsForReview = next.status === 'completed' && next.decision === 'manual_review';
    const { retention } = this.#config;
    const updated: ReverificationRecord = {
      ...record,
      ...patch,
      status: next.status,
      decision: next.decision,
      updatedAt: at,
      completedAt: settled ? (record.completedAt ?? at) : null,
      purgeAfter: !settled
        ? null
        : addSeconds(
            now,
            waitsForReview ? retention.manualReviewSeconds : retention.captureSeconds,
          ),
    };
    await tx.updateReverification(updated);
    const sequence = (await tx.listEvents(record.id, 0)).length + 1;
    const streamEvent: StreamEvent = {
      sequence,
      type: eventTypeFor(next.status),
      reverificationId: record.id,
      referenceId: record.referenceId,
      previousStatus: record.status,
      status: updated.status,
      decision: updated.decision,
      reasons: [...updated.reasons],
      occurredAt: at,
    };
    await tx.appendEvent(streamEvent);
    await tx.insertDeliveries(this.#config.outbox(streamEvent, at));
    return { record: updated, event: streamEvent };
  }

  /** Expires `record` inside `tx` when its time is up; returns the current record. */
  async #expireIfDue(
    tx: StoreTransaction,
    record: ReverificationRecord,
    published: StreamEvent[],
  ): Promise<ReverificationRecord> {
    if (isSettled(record.status) || record.expiresAt > this.#now().toISOString()) return record;
    const result = await this.#apply(tx, record, { type: 'timed_out' }, { reasons: ['expired'] });
    published.push(result.event);
    return result.record;
  }

  /** Runs a store transaction and publishes the events it committed. */
  async #transact<T>(
    work: (tx: StoreTransaction, published: StreamEvent[]) => Promise<T>,
  ): Promise<T> {
    const published: StreamEvent[] = [];
    const result = await this.#config.store.transaction((tx) => work(tx, published));
    for (const event of published) this.bus.publish(event);
    if (published.length > 0) this.#config.afterCommit();
    return result;
  }

  async #mintToken(
    tx: StoreTransaction,
    reverificationId: string,
    scope: TokenScope,
    expiresAt: string,
  ): Promise<string> {
    const token = newSecret(TOKEN_PREFIX[scope]);
    await tx.insertToken({
      hash: hashSecret(token),
      reverificationId,
      scope,
      expiresAt,
      usedAt: null,
    });
    return token;
  }

  async #mintTokens(tx: StoreTransaction, record: ReverificationRecord) {
    const tokensExpireAt = addSeconds(this.#now(), this.#config.tokenTtlSeconds);
    return {
      clientToken: await this.#mintToken(tx, record.id, 'upload', tokensExpireAt),
      streamToken: await this.#mintToken(tx, record.id, 'stream', tokensExpireAt),
      tokensExpireAt,
    };
  }

  /**
   * What a browser holding only a `clientToken` needs: its reverification's
   * id, referenceId and status, and a fresh stream token that expires with
   * the client token. Once the token uploaded its capture it still opens
   * the session to follow the decision (`purpose: 'follow'`) until it
   * expires, but nothing that captures again (`'capture'`: a handoff link).
   */
  async openClientSession(
    token: string,
    purpose: 'follow' | 'capture' = 'follow',
  ): Promise<ClientSession> {
    const found = await this.#config.store.transaction((tx) => tx.getToken(hashSecret(token)));
    if (!found) throw new ReverifyError('unauthorized', 'Unknown token.');
    if (found.scope !== 'upload')
      throw new ReverifyError('forbidden', 'Send the clientToken, not the streamToken.');
    // A spent client token only follows its decision (a reload shows it); it starts no new capture.
    if (purpose === 'capture' && found.usedAt) {
      throw new ReverifyError(
        'upload_already_used',
        'This client token already uploaded its capture; it can only follow the decision.',
      );
    }
    if (found.expiresAt <= this.#now().toISOString()) {
      throw new ReverifyError(
        'token_expired',
        'The token has expired; ask your server for a new one.',
      );
    }
    return this.#transact(async (tx, published) => {
      const record = await tx.getReverification(found.reverificationId);
      if (!record)
        throw new ReverifyError('reverification_not_found', 'No reverification has this id.');
      const current = await this.#expireIfDue(tx, record, published);
      return {
        reverificationId: current.id,
        referenceId: current.referenceId,
        status: current.status,
        streamToken: await this.#mintToken(tx, current.id, 'stream', found.expiresAt),
        tokensExpireAt: found.expiresAt,
        expiresAt: current.expiresAt,
      };
    });
  }

  /**
   * Creates a reverification, or returns the active one of the same
   * referenceId with fresh browser tokens (`created: false`). With
   * `restart: true` the active one expires and a new one links to it.
   */
  async createReverification(
    request: CreateReverificationRequest,
  ): Promise<{ session: ReverificationSession; created: boolean }> {
    return this.#create(request, null);
  }

  /**
   * Restarts a failed or expired reverification as a new one linked by
   * `retryOf`, copying what `request` does not change, and audits it.
   *
   * @throws `illegal_transition` unless it failed or expired;
   *   `reverification_active` (details `activeReverificationId`) when the
   *   person has one in progress; `too_many_attempts` past the attempts limit.
   */
  async restartReverification(
    id: string,
    request: RestartReverificationRequest,
    actor: string,
  ): Promise<ReverificationSession> {
    const previous = await this.#transact(async (tx, published) => {
      const found = await tx.getReverification(id);
      return found ? this.#expireIfDue(tx, found, published) : null;
    });
    if (!previous)
      throw new ReverifyError('reverification_not_found', 'No reverification has this id.');
    if (previous.status !== 'failed' && previous.status !== 'expired') {
      throw new ReverifyError(
        'illegal_transition',
        `Only failed or expired reverifications restart; this one is ${previous.status}.`,
        { details: { status: previous.status } },
      );
    }
    const { session } = await this.#create(
      {
        referenceId: previous.referenceId,
        threshold: request.threshold ?? previous.threshold ?? undefined,
        timeoutSeconds: request.timeoutSeconds ?? previous.timeoutSeconds,
        metadata: request.metadata ?? previous.metadata,
        sandboxOutcome: request.sandboxOutcome,
      },
      { previous, actor },
    );
    return session;
  }

  async #create(
    request: CreateReverificationRequest,
    restart: { previous: ReverificationRecord; actor: string } | null,
  ): Promise<{ session: ReverificationSession; created: boolean }> {
    if (request.sandboxOutcome && this.#config.mode !== 'sandbox') {
      throw new ReverifyError('forbidden', 'sandboxOutcome is only accepted in sandbox mode.');
    }
    const { provider } = this.#config;
    const opened = await this.#openMatch(request);
    return this.#transact(async (tx, published) => {
      await this.#requireEnrollment(tx, request.referenceId);
      const now = this.#now();
      let retryOf: string | null = restart?.previous.id ?? null;
      const active = await tx.findActiveReverification(request.referenceId);
      if (active) {
        const current = await this.#expireIfDue(tx, active, published);
        if (!isSettled(current.status)) {
          if (restart) {
            throw new ReverifyError(
              'reverification_active',
              'This person already has a reverification in progress.',
              { details: { activeReverificationId: current.id } },
            );
          }
          if (!request.restart) {
            const tokens = await this.#mintTokens(tx, current);
            return { session: { ...toReverification(current), ...tokens }, created: false };
          }
          const superseded = await this.#apply(
            tx,
            current,
            { type: 'timed_out' },
            { reasons: ['expired'] },
          );
          published.push(superseded.event);
        }
        retryOf ??= current.id;
      }
      await this.#checkAttempts(tx, request.referenceId, now);
      const timeoutSeconds = request.timeoutSeconds ?? DEFAULT_TIMEOUT_SECONDS;
      const at = now.toISOString();
      const record: ReverificationRecord = {
        id: opened?.reverificationId ?? newId('rv'),
        referenceId: request.referenceId,
        status: 'pending',
        decision: null,
        reasons: [],
        threshold: request.threshold ?? null,
        timeoutSeconds,
        metadata: request.metadata ?? {},
        provider: provider.name,
        retryOf,
        sandboxOutcome: request.sandboxOutcome ?? null,
        matchScore: null,
        livenessScore: null,
        providerReference: opened?.providerReference ?? null,
        createdAt: at,
        updatedAt: at,
        expiresAt: addSeconds(now, timeoutSeconds),
        completedAt: null,
        purgeAfter: null,
      };
      await tx.insertReverification(record);
      const first: StreamEvent = {
        sequence: 1,
        type: 'reverification.status_changed',
        reverificationId: record.id,
        referenceId: record.referenceId,
        previousStatus: null,
        status: 'pending',
        decision: null,
        reasons: [],
        occurredAt: at,
      };
      await tx.appendEvent(first);
      await tx.insertDeliveries(this.#config.outbox(first, at));
      published.push(first);
      if (restart) {
        await tx.appendAudit({
          reverificationId: restart.previous.id,
          referenceId: record.referenceId,
          action: 'restarted',
          actor: restart.actor,
          occurredAt: at,
          previousDecision: null,
          decision: null,
          notes: null,
          relatedReverificationId: record.id,
        });
      }
      const tokens = await this.#mintTokens(tx, record);
      return { session: { ...toReverification(record), ...tokens }, created: true };
    });
  }

  /** Refuses a new reverification past the attempts limit of its referenceId. */
  async #checkAttempts(tx: StoreTransaction, referenceId: string, now: Date): Promise<void> {
    const { max, windowSeconds } = this.#config.attempts;
    const { count, oldest } = await tx.countCreatedSince(
      referenceId,
      addSeconds(now, -windowSeconds),
    );
    if (count < max || !oldest) return;
    const retryAfterSeconds = Math.max(
      1,
      Math.ceil((Date.parse(oldest) + windowSeconds * 1000 - now.getTime()) / 1000),
    );
    throw new ReverifyError(
      'too_many_attempts',
      `This person started ${count} reverifications in the last ${windowSeconds} s.`,
      { retryAfterSeconds, details: { max, windowSeconds } },
    );
  }

  /**
   * Opens the provider's side of a new reverification (when the provider has
   * {@link FaceMatchProvider.openMatch}), outside any transaction: a network
   * call must not hold the store. Skipped when the session will be the active
   * one returned again. A reverification opened here and then lost to a
   * concurrent create is left to time out at the provider.
   */
  async #openMatch(
    request: CreateReverificationRequest,
  ): Promise<{ reverificationId: string; providerReference: string | null } | null> {
    const { provider } = this.#config;
    if (!provider.openMatch) return null;
    const now = this.#now().toISOString();
    const { enrollment, active } = await this.#config.store.transaction(async (tx) => ({
      enrollment: await this.#requireEnrollment(tx, request.referenceId),
      active: await tx.findActiveReverification(request.referenceId),
    }));
    if (active && !request.restart && active.expiresAt > now) return null;
    const reverificationId = newId('rv');
    const { providerReference } = await this.#callProvider('open', (signal) =>
      (provider.openMatch as NonNullable<FaceMatchProvider['openMatch']>)(
        {
          reverificationId,
          referenceId: request.referenceId,
          enrollment,
          sandboxOutcome: request.sandboxOutcome ?? null,
        },
        signal,
      ),
    );
    return { reverificationId, providerReference };
  }

  async #requireEnrollment(tx: StoreTransaction, referenceId: string): Promise<EnrollmentRecord> {
    let enrollment = await tx.getEnrollmentByReference(referenceId);
    if (!enrollment) {
      const implicit = this.#config.provider.implicitEnrollment(referenceId);
      if (!implicit) {
        throw new ReverifyError('enrollment_not_found', 'This referenceId is not enrolled.', {
          details: { referenceId },
        });
      }
      const at = this.#now().toISOString();
      enrollment = {
        id: newId('en'),
        referenceId,
        provider: this.#config.provider.name,
        metadata: {},
        createdAt: at,
        updatedAt: at,
        ...implicit,
      };
      await tx.putEnrollment(enrollment);
    }
    if (enrollment.status !== 'success') {
      throw new ReverifyError('enrollment_not_ready', `The enrollment is ${enrollment.status}.`, {
        details: { referenceId, enrollmentStatus: enrollment.status },
      });
    }
    return enrollment;
  }

  /**
   * One reverification (expired first if its time is up); with `details`,
   * its scores, provider ids, capture time and review.
   */
  async getReverification(id: string, details = false): Promise<Reverification> {
    return this.#transact(async (tx, published) => {
      const found = await tx.getReverification(id);
      if (!found)
        throw new ReverifyError('reverification_not_found', 'No reverification has this id.');
      const record = await this.#expireIfDue(tx, found, published);
      return toReverification(record, details ? await this.#detailsOf(tx, record) : null);
    });
  }

  async #detailsOf(
    tx: StoreTransaction,
    record: ReverificationRecord,
  ): Promise<ReverificationDetails> {
    const [enrollment, capture, audit] = await Promise.all([
      tx.getEnrollmentByReference(record.referenceId),
      tx.getCaptureByReverification(record.id),
      tx.listAudit(record.id),
    ]);
    const review = audit.findLast((entry) => entry.action === 'review_decided');
    return {
      matchScore: record.matchScore,
      livenessScore: record.livenessScore,
      providerReference: record.providerReference,
      providerEnrollmentId: enrollment?.providerEnrollmentId ?? null,
      capturedAt: capture?.createdAt ?? null,
      review: review
        ? { reviewedBy: review.actor, reviewedAt: review.occurredAt, reviewNotes: review.notes }
        : null,
    };
  }

  /**
   * A page of reverifications matching `query`: history newest first, or
   * (`oldest`) a queue such as manual review.
   */
  async listReverifications(
    query: ListReverificationsQuery,
    order: 'newest' | 'oldest' = 'newest',
  ): Promise<ReverificationPage> {
    const { records, total } = await this.#config.store.transaction((tx) =>
      tx.listReverifications({
        referenceId: query.referenceId,
        status: query.status,
        decision: query.decision,
        order,
        offset: (query.page - 1) * query.limit,
        limit: query.limit,
      }),
    );
    return {
      data: records.map((record) => toReverification(record)),
      page: query.page,
      limit: query.limit,
      total,
    };
  }

  /**
   * A reviewer's final decision on a reverification in manual review: it
   * completes as approved or rejected (events and webhooks as for any
   * decision, reason `review_approved` / `review_rejected`) and the audit
   * trail records who, when and why, in the same transaction.
   *
   * @throws `illegal_transition` unless the reverification is in manual review.
   */
  async reviewReverification(id: string, review: ReviewRequest): Promise<Reverification> {
    return this.#transact(async (tx, published) => {
      const found = await tx.getReverification(id);
      if (!found)
        throw new ReverifyError('reverification_not_found', 'No reverification has this id.');
      const current = await this.#expireIfDue(tx, found, published);
      if (current.status !== 'completed' || current.decision !== 'manual_review') {
        throw new ReverifyError(
          'illegal_transition',
          'Only a reverification in manual review takes a review decision.',
          { details: { status: current.status, decision: current.decision } },
        );
      }
      const reason: ReasonCode =
        review.decision === 'approved' ? 'review_approved' : 'review_rejected';
      const result = await this.#apply(
        tx,
        current,
        { type: 'review_decided', decision: review.decision },
        { reasons: [...new Set([...current.reasons, reason])] },
      );
      published.push(result.event);
      await tx.appendAudit({
        reverificationId: current.id,
        referenceId: current.referenceId,
        action: 'review_decided',
        actor: review.reviewedBy,
        occurredAt: result.event.occurredAt,
        previousDecision: current.decision,
        decision: review.decision,
        notes: review.reviewNotes ?? null,
        relatedReverificationId: null,
      });
      return toReverification(result.record, await this.#detailsOf(tx, result.record));
    });
  }

  /** A reverification's audit trail, oldest first. */
  async auditTrail(id: string): Promise<AuditEntry[]> {
    return this.#config.store.transaction(async (tx) => {
      if (!(await tx.getReverification(id)))
        throw new ReverifyError('reverification_not_found', 'No reverification has this id.');
      return (await tx.listAudit(id)).map(toAuditEntry);
    });
  }

  /**
   * The capture or the reference selfie of a reverification, for a
   * reviewer, while retention keeps it. Each view is audited.
   *
   * @throws `image_purged` once retention or a deletion removed it.
   */
  async reviewImage(
    id: string,
    which: 'capture' | 'reference',
    actor: string,
  ): Promise<StoredImage> {
    return this.#config.store.transaction(async (tx) => {
      const record = await tx.getReverification(id);
      if (!record)
        throw new ReverifyError('reverification_not_found', 'No reverification has this id.');
      const enrollment = await tx.getEnrollmentByReference(record.referenceId);
      const image =
        which === 'capture'
          ? ((await tx.getCaptureByReverification(id))?.image ?? null)
          : enrollment
            ? await tx.getReferenceImage(enrollment.id)
            : null;
      if (!image) {
        throw new ReverifyError('image_purged', `The ${which} image is not kept (any more).`);
      }
      await tx.appendAudit({
        reverificationId: id,
        referenceId: record.referenceId,
        action: 'images_viewed',
        actor,
        occurredAt: this.#now().toISOString(),
        previousDecision: null,
        decision: null,
        notes: which,
        relatedReverificationId: null,
      });
      return image;
    });
  }

  /**
   * Mints the one-time token of a handoff link for an active reverification;
   * earlier links of it stop working. The token expires with the
   * reverification.
   *
   * @throws `reverification_expired` or `illegal_transition` once it settled.
   */
  async createHandoffToken(
    reverificationId: string,
  ): Promise<{ token: string; expiresAt: string; referenceId: string }> {
    return this.#transact(async (tx, published) => {
      const found = await tx.getReverification(reverificationId);
      if (!found)
        throw new ReverifyError('reverification_not_found', 'No reverification has this id.');
      const current = await this.#expireIfDue(tx, found, published);
      this.#requireOpenForCapture(current);
      await tx.spendTokens(current.id, 'handoff', this.#now().toISOString());
      const token = await this.#mintToken(tx, current.id, 'handoff', current.expiresAt);
      return { token, expiresAt: current.expiresAt, referenceId: current.referenceId };
    });
  }

  /**
   * Spends a handoff link's token and returns the phone's own browser
   * credentials.
   *
   * @throws `handoff_link_used` when the link was opened (or replaced) before;
   *   `reverification_expired` once the reverification timed out.
   */
  async openHandoff(token: string): Promise<HandoffSession> {
    const hash = hashSecret(token);
    return this.#transact(async (tx, published) => {
      const found = await tx.getToken(hash);
      if (!found) throw new ReverifyError('unauthorized', 'Unknown handoff link.');
      if (found.scope !== 'handoff')
        throw new ReverifyError('forbidden', 'This is not a handoff token.');
      const at = this.#now().toISOString();
      if (found.usedAt || !(await tx.markTokenUsed(hash, at))) {
        throw new ReverifyError(
          'handoff_link_used',
          'This link was already opened; ask for a new one.',
        );
      }
      const record = await tx.getReverification(found.reverificationId);
      if (!record)
        throw new ReverifyError('reverification_not_found', 'No reverification has this id.');
      const current = await this.#expireIfDue(tx, record, published);
      this.#requireOpenForCapture(current);
      const tokens = await this.#mintTokens(tx, current);
      return {
        reverificationId: current.id,
        referenceId: current.referenceId,
        status: current.status,
        clientToken: tokens.clientToken,
        streamToken: tokens.streamToken,
        tokensExpireAt: tokens.tokensExpireAt,
        expiresAt: current.expiresAt,
      };
    });
  }

  /** Throws unless a capture may still be taken for `record`. */
  #requireOpenForCapture(record: ReverificationRecord): void {
    if (record.status === 'expired') {
      throw new ReverifyError('reverification_expired', 'The reverification has expired.');
    }
    if (record.status !== 'pending' && record.status !== 'capturing') {
      throw new ReverifyError(
        'illegal_transition',
        `The reverification is ${record.status}; it takes no capture.`,
        { details: { status: record.status } },
      );
    }
  }

  /**
   * Checks a browser token for one reverification and one scope.
   *
   * @throws `unauthorized` (unknown), `token_expired`, `forbidden` (other
   *   scope or other reverification).
   */
  async authorizeToken(
    token: string,
    scope: TokenScope,
    reverificationId: string,
  ): Promise<TokenRecord> {
    const record = await this.#config.store.transaction((tx) => tx.getToken(hashSecret(token)));
    if (!record) throw new ReverifyError('unauthorized', 'Unknown token.');
    if (record.scope !== scope) {
      throw new ReverifyError(
        'forbidden',
        `This token cannot be used to ${scope === 'upload' ? 'upload' : 'read events'}.`,
      );
    }
    if (record.reverificationId !== reverificationId) {
      throw new ReverifyError('forbidden', 'This token belongs to another reverification.');
    }
    if (record.expiresAt <= this.#now().toISOString()) {
      throw new ReverifyError(
        'token_expired',
        'The token has expired; ask your server for a new one.',
      );
    }
    return record;
  }

  #uploadResponse(
    record: ReverificationRecord,
    capture: CaptureRecord,
    image: StoredImage,
  ): UploadResponse {
    return {
      reverificationId: record.id,
      captureId: capture.id,
      status: record.status,
      receivedAt: capture.createdAt,
      image: {
        format: image.format,
        width: image.width,
        height: image.height,
        bytes: image.bytes.byteLength,
      },
    };
  }

  /**
   * Accepts the one capture of a reverification: spends the single-use token
   * (an identical retry with the same `Idempotency-Key` gets the first answer
   * back), sanitizes the image, stores it, moves to `processing` and starts
   * the provider.
   */
  async acceptCapture(
    upload: CaptureUpload,
  ): Promise<{ response: UploadResponse; replayed: boolean }> {
    const { token } = upload;
    if (token.usedAt) {
      return { response: await this.#replayUpload(token, upload.idempotencyKey), replayed: true };
    }
    // Refuse before storing anything when the provider's queue is full (429 + Retry-After).
    this.#config.provider.admit?.();
    // Expiry is checked again inside the transaction; an expired session only costs this decode.
    const image = await sanitizeImage(upload.bytes, this.#config.imageLimits);
    const at = this.#now().toISOString();

    const accepted = await this.#transact(async (tx, published) => {
      if (!(await tx.markTokenUsed(token.hash, at))) return null;
      const found = await tx.getReverification(upload.reverificationId);
      if (!found)
        throw new ReverifyError('reverification_not_found', 'No reverification has this id.');
      const current = await this.#expireIfDue(tx, found, published);
      if (current.status === 'expired') {
        throw new ReverifyError('reverification_expired', 'The reverification has expired.');
      }
      const capture: CaptureRecord = {
        id: newId('cap'),
        reverificationId: current.id,
        idempotencyKey: upload.idempotencyKey,
        image,
        checks: upload.checks,
        createdAt: at,
        purgedAt: null,
      };
      await tx.insertCapture(capture);
      const moved = await this.#apply(tx, current, { type: 'capture_received' });
      published.push(moved.event);
      const enrollment = await tx.getEnrollmentByReference(current.referenceId);
      return { record: moved.record, capture, enrollment };
    });
    if (!accepted) {
      // Another upload spent the token between our check and our write.
      const raced = await this.#replayUpload(token, upload.idempotencyKey);
      if (raced) return { response: raced, replayed: true };
      throw new ReverifyError(
        'upload_already_used',
        'This reverification already has its capture.',
      );
    }
    const { record, capture, enrollment } = accepted;
    this.#config.logger.info(
      {
        reverificationId: record.id,
        captureId: capture.id,
        width: image.width,
        height: image.height,
        bytes: image.bytes.byteLength,
      },
      'capture accepted',
    );
    if (enrollment) this.#startMatch(record, enrollment, image);
    return {
      response: this.#uploadResponse(record, capture, image),
      replayed: false,
    };
  }

  /**
   * The answer to an upload whose token is already spent: the first upload's
   * answer when this is its retry (same `Idempotency-Key`, image still kept),
   * otherwise `upload_already_used`.
   */
  async #replayUpload(token: TokenRecord, idempotencyKey: string | null): Promise<UploadResponse> {
    const { record, capture } = await this.#config.store.transaction(async (tx) => ({
      record: await tx.getReverification(token.reverificationId),
      capture: await tx.getCaptureByReverification(token.reverificationId),
    }));
    if (
      !idempotencyKey ||
      !record ||
      !capture?.image ||
      capture.idempotencyKey !== idempotencyKey
    ) {
      throw new ReverifyError(
        'upload_already_used',
        'This reverification already has its capture.',
      );
    }
    return this.#uploadResponse(record, capture, capture.image);
  }

  #startMatch(
    record: ReverificationRecord,
    enrollment: EnrollmentRecord,
    image: StoredImage,
  ): void {
    const { provider, logger, store } = this.#config;
    this.#callProvider('match', async (signal) => {
      const previous = record.retryOf
        ? await store.transaction((tx) => tx.getReverification(record.retryOf as string))
        : null;
      return provider.startMatch(
        {
          reverificationId: record.id,
          referenceId: record.referenceId,
          enrollment,
          image,
          threshold: record.threshold,
          timeoutSeconds: record.timeoutSeconds,
          retryOf: previous
            ? { reverificationId: previous.id, providerReference: previous.providerReference }
            : null,
          providerReference: record.providerReference,
          sandboxOutcome: record.sandboxOutcome,
        },
        signal,
      );
    })
      .then(({ providerReference }) =>
        this.#config.store.transaction(async (tx) => {
          const current = await tx.getReverification(record.id);
          if (current && providerReference)
            await tx.updateReverification({ ...current, providerReference });
        }),
      )
      .catch((error: unknown) => {
        const code = error instanceof ReverifyError ? error.code : 'provider_error';
        logger.warn({ reverificationId: record.id, code }, 'provider did not accept the match');
        return this.report(record.id, {
          kind: 'failed',
          reasons: ['provider_error'],
          message: code,
        });
      })
      .catch((error: unknown) => {
        logger.error(
          { reverificationId: record.id, error: String(error) },
          'could not record provider failure',
        );
      });
  }

  /**
   * Records a provider's verdict. Only the first verdict of a reverification
   * still processing counts; late or repeated ones are logged and dropped.
   */
  async report(reverificationId: string, outcome: MatchOutcome): Promise<void> {
    const applied = await this.#transact(async (tx, published) => {
      const found = await tx.getReverification(reverificationId);
      if (!found) return false;
      const current = await this.#expireIfDue(tx, found, published);
      if (current.status !== 'processing') return false;
      const reasons: ReasonCode[] = [...new Set(outcome.reasons)];
      const result =
        outcome.kind === 'decided'
          ? await this.#apply(
              tx,
              current,
              { type: 'decision_made', decision: outcome.decision },
              {
                reasons,
                matchScore: outcome.matchScore,
                livenessScore: outcome.livenessScore,
              },
            )
          : await this.#apply(tx, current, { type: 'processing_failed' }, { reasons });
      published.push(result.event);
      return true;
    });
    this.#config.logger.info(
      {
        reverificationId,
        outcome: outcome.kind === 'decided' ? outcome.decision : 'failed',
        applied,
      },
      applied ? 'provider verdict recorded' : 'provider verdict ignored (not processing)',
    );
  }

  /**
   * Hands a provider's webhook to the provider named in its URL, which
   * verifies it and reports any verdict.
   *
   * @throws `not_found` when no provider of that name takes webhooks.
   */
  async receiveProviderWebhook(name: string, webhook: ProviderWebhook): Promise<void> {
    const { provider } = this.#config;
    if (provider.name !== name || !provider.receiveWebhook) {
      throw new ReverifyError('not_found', `No provider named ${name} takes webhooks here.`);
    }
    await provider.receiveWebhook(webhook);
  }

  /** Moves a pending reverification to `capturing` (the browser opened its stream). */
  async markCapturing(reverificationId: string): Promise<void> {
    await this.#transact(async (tx, published) => {
      const found = await tx.getReverification(reverificationId);
      if (!found) return;
      const current = await this.#expireIfDue(tx, found, published);
      if (current.status !== 'pending') return;
      published.push((await this.#apply(tx, current, { type: 'capture_started' })).event);
    });
  }

  /**
   * The committed events of a reverification after `afterSequence`
   * (expiring it first if due), and whether it has settled: a settled
   * reverification has no event left to come.
   */
  async listEvents(
    reverificationId: string,
    afterSequence: number,
  ): Promise<{ events: StreamEvent[]; settled: boolean }> {
    return this.#transact(async (tx, published) => {
      const found = await tx.getReverification(reverificationId);
      if (!found)
        throw new ReverifyError('reverification_not_found', 'No reverification has this id.');
      const current = await this.#expireIfDue(tx, found, published);
      return {
        events: await tx.listEvents(reverificationId, afterSequence),
        settled: isSettled(current.status),
      };
    });
  }

  /** Expires every reverification past its timeout and purges captures past retention. */
  async sweep(limit = 500): Promise<{ expired: number; purged: number }> {
    const now = this.#now().toISOString();
    const expired = await this.#transact(async (tx, published) => {
      const due = await tx.listDueForExpiry(now, limit);
      for (const record of due) await this.#expireIfDue(tx, record, published);
      return due.length;
    });
    const purged = await this.#config.store.transaction((tx) => tx.purgeCaptures(now));
    if (expired || purged) this.#config.logger.info({ expired, purged }, 'sweep');
    return { expired, purged };
  }
}
