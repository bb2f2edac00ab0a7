import {
  type CreateReverificationRequest,
  canRestart,
  DEFAULT_TIMEOUT_SECONDS,
  describeState,
  formatMethodPolicy,
  isSettled,
  type ListReverificationsQuery,
  type RestartReverificationRequest,
  type Reverification,
  type ReverificationPage,
  type ReverificationSession,
  type StreamEvent,
  TOTAL_COUNT_CAP,
  type Workflow,
} from '@reverify/contract';
import { ReverifyError } from '../plugin/errors.js';
import type { FaceMatchProvider } from '../plugin/provider.js';
import type { ReverificationRecord } from '../store/queries/reverifications.js';
import type { StoreTransaction } from '../store/store.js';
import { addSeconds, type CoreConfig } from './context.js';
import type { Enrollments } from './enrollments.js';
import { newId } from './ids.js';
import type { Lifecycle } from './lifecycle.js';
import type { Matching } from './matching.js';
import { decodePageCursor, encodePageCursor } from './page-cursor.js';
import { enrolledPerson, reverificationDetails, reverificationResource } from './resources.js';
import type { Tokens } from './tokens.js';
import { resolveAssurance } from './workflows.js';

/** The services a reverification session draws on. */
export interface SessionServices {
  readonly lifecycle: Lifecycle;
  readonly tokens: Tokens;
  readonly enrollments: Enrollments;
  readonly matching: Matching;
}

/**
 * Reverification sessions: creating them (or returning the active one),
 * restarting failed, expired or rejected ones, the attempts limit, reading and listing.
 */
export class Sessions {
  readonly #config: CoreConfig;
  readonly #services: SessionServices;

  constructor(config: CoreConfig, services: SessionServices) {
    this.#config = config;
    this.#services = services;
  }

  /**
   * Creates a reverification, or returns the active one of the same
   * referenceId with fresh browser tokens (`created: false`). With
   * `restart: true` the active one expires and a new one links to it.
   */
  async create(
    request: CreateReverificationRequest,
  ): Promise<{ session: ReverificationSession; created: boolean }> {
    return this.#create(request, null);
  }

  /**
   * Restarts a failed, expired or rejected reverification as a new one linked by
   * `retryOf`, copying what `request` does not change, and audits it.
   *
   * @throws `illegal_transition` unless it failed, expired or was rejected;
   *   `reverification_active` (details `activeReverificationId`) when the
   *   person has one in progress; `too_many_attempts` past the attempts limit.
   */
  async restart(
    id: string,
    request: RestartReverificationRequest,
    actor: string,
  ): Promise<ReverificationSession> {
    const { lifecycle } = this.#services;
    const previous = await lifecycle.transact((tx, published) =>
      lifecycle.current(tx, id, published),
    );
    if (!canRestart(previous)) {
      throw new ReverifyError(
        'illegal_transition',
        `Only failed, expired or rejected reverifications restart; this one is ${describeState(previous)}.`,
        { details: { status: previous.status, decision: previous.decision } },
      );
    }
    const { session } = await this.#create(
      {
        referenceId: previous.referenceId,
        threshold: request.threshold ?? previous.threshold ?? undefined,
        timeoutSeconds: request.timeoutSeconds ?? previous.timeoutSeconds,
        metadata: request.metadata ?? previous.metadata,
        sandboxOutcome: request.sandboxOutcome,
        ...(previous.workflow
          ? { workflow: previous.workflow, liveness: request.liveness, methods: request.methods }
          : {
              liveness: request.liveness ?? previous.livenessPolicy,
              tier: previous.tier,
              methods: request.methods ?? formatMethodPolicy(previous.methodPolicy),
            }),
        challengeMoves: previous.fixedChallengeMoves
          ? [...previous.fixedChallengeMoves]
          : undefined,
      },
      { previous, actor },
    );
    return session;
  }

  /** The workflows the handler serves, in the order its options name them. */
  workflows(): Workflow[] {
    return [...this.#config.workflows.values()];
  }

  /**
   * One workflow.
   *
   * @throws `workflow_not_found` for an id the handler's options do not define.
   */
  workflow(id: string): Workflow {
    const workflow = this.#config.workflows.get(id);
    if (!workflow) throw new ReverifyError('workflow_not_found', `No workflow is named "${id}".`);
    return workflow;
  }

  /**
   * One reverification (expired first if its time is up); with `details`,
   * its scores, provider ids, capture time and review.
   */
  async get(id: string, details = false): Promise<Reverification> {
    const { lifecycle } = this.#services;
    return lifecycle.transact(async (tx, published) => {
      const record = await lifecycle.current(tx, id, published);
      return reverificationResource(
        record,
        details ? await reverificationDetails(tx, record) : null,
      );
    });
  }

  /**
   * Many reverifications at once, by id (ids that do not exist are left
   * out): one read, and one transaction for the ones that expire on reading.
   */
  async getMany(ids: readonly string[]): Promise<Map<string, Reverification>> {
    const { lifecycle } = this.#services;
    return lifecycle.transact(async (tx, published) => {
      const found = new Map<string, Reverification>();
      for (const record of await tx.getReverifications(ids)) {
        const current = await lifecycle.expireIfDue(tx, record, published);
        found.set(current.id, reverificationResource(current, null));
      }
      return found;
    });
  }

  /**
   * A page of reverifications matching `query`: history newest first, or
   * (`oldest`) a queue such as manual review.
   */
  async list(
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
        after: query.cursor === undefined ? undefined : decodePageCursor(query.cursor),
        // One more than a page, to know whether another follows.
        limit: query.limit + 1,
        countUpTo: TOTAL_COUNT_CAP + 1,
      }),
    );
    const shown = records.slice(0, query.limit);
    const last = shown.at(-1);
    return {
      data: shown.map((record) => reverificationResource(record)),
      page: query.page,
      limit: query.limit,
      total: Math.min(total, TOTAL_COUNT_CAP),
      totalIsLowerBound: total > TOTAL_COUNT_CAP,
      nextCursor: records.length > query.limit && last ? encodePageCursor(last) : null,
    };
  }

  async #create(
    request: CreateReverificationRequest,
    restart: { previous: ReverificationRecord; actor: string } | null,
  ): Promise<{ session: ReverificationSession; created: boolean }> {
    if (request.sandboxOutcome && this.#config.mode !== 'sandbox') {
      throw new ReverifyError('forbidden', 'sandboxOutcome is only accepted in sandbox mode.');
    }
    if (request.restart && request.ifActive === 'refuse') {
      throw new ReverifyError(
        'invalid_request',
        'restart: true replaces an active reverification; ifActive: "refuse" refuses it. Send one.',
      );
    }
    if (request.challengeMoves && this.#config.mode !== 'sandbox') {
      throw new ReverifyError(
        'forbidden',
        'challengeMoves is only accepted in sandbox mode: production challenges are random.',
      );
    }
    const { tier, livenessPolicy, workflow, threshold, timeoutSeconds, methodPolicy } =
      resolveAssurance(request, this.#config.workflows, this.#config.presence.defaultPolicy);
    const { lifecycle, tokens, enrollments } = this.#services;
    const opened = await this.#openMatch(request);
    return lifecycle.transact(async (tx, published) => {
      await enrollments.requireEnrolled(tx, request.referenceId);
      const now = lifecycle.now();
      let retryOf: string | null = restart?.previous.id ?? null;
      const active = await tx.findActiveReverification(request.referenceId);
      if (active) {
        const current = await lifecycle.expireIfDue(tx, active, published);
        if (!isSettled(current.status)) {
          if (restart) {
            throw new ReverifyError(
              'reverification_active',
              'This person already has a reverification in progress.',
              { details: { activeReverificationId: current.id } },
            );
          }
          if (request.ifActive === 'refuse') {
            throw new ReverifyError(
              'already_assigned',
              'This person already has a reverification in progress.',
              { details: { activeReverificationId: current.id } },
            );
          }
          if (!request.restart) {
            const browser = await tokens.mintBrowserTokens(tx, current);
            return { session: { ...reverificationResource(current), ...browser }, created: false };
          }
          const superseded = await lifecycle.apply(
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
      const lifetime = timeoutSeconds ?? DEFAULT_TIMEOUT_SECONDS;
      const at = now.toISOString();
      const record: ReverificationRecord = {
        id: opened?.reverificationId ?? newId('rv'),
        referenceId: request.referenceId,
        status: 'pending',
        decision: null,
        reasons: [],
        threshold: threshold ?? null,
        timeoutSeconds: lifetime,
        metadata: request.metadata ?? {},
        provider: this.#config.provider.name,
        retryOf,
        sandboxOutcome: request.sandboxOutcome ?? null,
        matchScore: null,
        livenessScore: null,
        providerReference: opened?.providerReference ?? null,
        livenessPolicy,
        tier,
        workflow: workflow?.id ?? null,
        challenge: null,
        fixedChallengeMoves: request.challengeMoves ?? null,
        steps: {
          match: { status: 'pending', score: null },
          liveness: {
            status: livenessPolicy === 'off' ? 'skipped' : 'pending',
            score: null,
            method: null,
          },
        },
        livenessReasons: [],
        pendingMatch: null,
        methodPolicy,
        verifiedBy: [],
        createdAt: at,
        updatedAt: at,
        expiresAt: addSeconds(now, lifetime),
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
        steps: record.steps,
        tier: record.tier,
        workflow: record.workflow,
        verifiedBy: [],
        occurredAt: at,
      };
      await lifecycle.appendEvent(tx, first);
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
      const browser = await tokens.mintBrowserTokens(tx, record);
      return { session: { ...reverificationResource(record), ...browser }, created: true };
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
   * `openMatch`), outside any transaction: a network call must not hold the
   * store. Skipped when the session will be the active one returned again.
   * A reverification opened here and then lost to a concurrent create is
   * left to time out at the provider.
   */
  async #openMatch(
    request: CreateReverificationRequest,
  ): Promise<{ reverificationId: string; providerReference: string | null } | null> {
    const { provider } = this.#config;
    if (!provider.openMatch) return null;
    const { lifecycle, enrollments, matching } = this.#services;
    const now = lifecycle.now().toISOString();
    const { enrollment, active } = await this.#config.store.transaction(async (tx) => ({
      enrollment: await enrollments.requireEnrolled(tx, request.referenceId),
      active: await tx.findActiveReverification(request.referenceId),
    }));
    if (active && !request.restart && active.expiresAt > now) return null;
    const reverificationId = newId('rv');
    const open = provider.openMatch.bind(provider) as NonNullable<FaceMatchProvider['openMatch']>;
    const { providerReference } = await matching.call('open', (signal) =>
      open(
        {
          reverificationId,
          referenceId: request.referenceId,
          enrollment: enrolledPerson(enrollment),
          sandboxOutcome: request.sandboxOutcome ?? null,
        },
        signal,
      ),
    );
    return { reverificationId, providerReference };
  }
}
