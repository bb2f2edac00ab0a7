import type { ReasonCode } from '@reverify/contract';
import { ReverifyError } from '../plugin/errors.js';
import type { StoredClip } from '../plugin/presence.js';
import type { MatchOutcome, ProviderWebhook, StoredImage } from '../plugin/provider.js';
import type { EnrollmentRecord } from '../store/queries/enrollments.js';
import type { ReverificationRecord } from '../store/queries/reverifications.js';
import type { CoreConfig } from './context.js';
import type { Lifecycle } from './lifecycle.js';
import type { PresenceChecks } from './presence/checks.js';
import type { Decider } from './presence/decider.js';
import { callProvider } from './provider-call.js';
import { enrolledPerson } from './resources.js';

/** The most in-flight matches a provider resumes after a restart. */
const IN_FLIGHT_LIMIT = 10_000;

/**
 * The face-match provider as the handler runs it: starting it with its
 * context, starting matches (with a deadline), recording the first verdict,
 * taking its webhooks, and restarting matches a killed process lost.
 */
export class Matching {
  readonly #config: CoreConfig;
  readonly #lifecycle: Lifecycle;
  readonly #decider: Decider;
  readonly #presence: PresenceChecks;

  constructor(
    config: CoreConfig,
    lifecycle: Lifecycle,
    decider: Decider,
    presence: PresenceChecks,
  ) {
    this.#config = config;
    this.#lifecycle = lifecycle;
    this.#decider = decider;
    this.#presence = presence;
  }

  /** Starts the provider; call once before serving. */
  async start(): Promise<void> {
    const { store, provider, logger } = this.#config;
    const inFlightMatch = (record: ReverificationRecord) => ({
      reverificationId: record.id,
      providerReference: record.providerReference as string,
      expiresAt: record.expiresAt,
    });
    await provider.start({
      report: (id, outcome) => this.report(id, outcome),
      logger,
      inFlight: async () => {
        const records = await store.transaction((tx) =>
          tx.listProcessing(provider.name, IN_FLIGHT_LIMIT, { withReference: true }),
        );
        return records.map(inFlightMatch);
      },
      findMatch: async (providerReference) => {
        const record = await store.transaction((tx) =>
          tx.findProcessingByReference(provider.name, providerReference),
        );
        return record ? inFlightMatch(record) : null;
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
      logger.error({ error: String(error) }, 'could not restart lost matches'),
    );
  }

  /** Runs one provider call with the configured deadline. */
  call<T>(what: string, work: (signal: AbortSignal) => Promise<T>): Promise<T> {
    return callProvider(what, this.#config.providerTimeoutMs, work);
  }

  /**
   * Starts again the matches that were in flight inside the process when it
   * last stopped (see `FaceMatchProvider.lostOnRestart`), from their stored
   * captures; one whose capture is gone fails with `provider_error`.
   */
  async #restartLostMatches(): Promise<void> {
    const { provider, store, logger } = this.#config;
    const now = this.#lifecycle.now().toISOString();
    // Presence checks run in this process too: one a restart lost starts again.
    const waiting = await store.transaction((tx) =>
      tx.listProcessing(provider.name, IN_FLIGHT_LIMIT, { withReference: false }),
    );
    for (const record of waiting) {
      if (record.expiresAt > now && this.#decider.waitsForLiveness(record))
        await this.#presence.restart(record);
    }
    if (!provider.lostOnRestart) return;
    const lost = await store.transaction(async (tx) => {
      const processing = await tx.listProcessing(provider.name, IN_FLIGHT_LIMIT, {
        withReference: false,
      });
      const found = [];
      for (const record of processing) {
        // A match already decided waits only for its presence check.
        if (record.expiresAt <= now || record.pendingMatch) continue;
        if (!provider.lostOnRestart?.(record)) continue;
        found.push({
          record,
          enrollment: await tx.getEnrollmentByReference(record.referenceId),
          image: (await tx.getCaptureByReverification(record.id))?.image ?? null,
          clip: await tx.getClip(record.id),
        });
      }
      return found;
    });
    for (const { record, enrollment, image, clip } of lost) {
      if (enrollment && image) {
        this.startMatch(record, enrollment, image, clip);
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

  /**
   * Hands a capture to the provider in the background: its reference is
   * stored once it accepted; a refusal fails the reverification with
   * `provider_error`. The verdict comes later through {@link Matching.report}.
   */
  startMatch(
    record: ReverificationRecord,
    enrollment: EnrollmentRecord,
    image: StoredImage,
    clip: StoredClip | null,
  ): void {
    const { provider, logger, store } = this.#config;
    this.call('match', async (signal) => {
      const previous = record.retryOf
        ? await store.transaction((tx) => tx.getReverification(record.retryOf as string))
        : null;
      return provider.startMatch(
        {
          reverificationId: record.id,
          referenceId: record.referenceId,
          enrollment: enrolledPerson(enrollment),
          image,
          clip: provider.wantsClip ? clip : null,
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
        store.transaction(async (tx) => {
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
    const lifecycle = this.#lifecycle;
    const applied = await lifecycle.transact(async (tx, published) => {
      const found = await tx.getReverification(reverificationId);
      if (!found) return false;
      const current = await lifecycle.expireIfDue(tx, found, published);
      if (current.status !== 'processing' || current.pendingMatch) return false;
      const reasons: ReasonCode[] = [...new Set(outcome.reasons)];
      if (outcome.kind === 'failed') {
        const failed = await lifecycle.apply(
          tx,
          current,
          { type: 'processing_failed' },
          { reasons },
        );
        published.push(failed.event);
        return true;
      }
      // The match is in; the decision may still wait for the presence check.
      const held = {
        ...current,
        pendingMatch: {
          decision: outcome.decision,
          reasons,
          matchScore: outcome.matchScore,
          livenessScore: outcome.livenessScore,
        },
        matchScore: outcome.matchScore,
      };
      await this.#decider.hold(tx, held, published);
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
  async receiveWebhook(name: string, webhook: ProviderWebhook): Promise<void> {
    const { provider } = this.#config;
    if (provider.name !== name || !provider.receiveWebhook) {
      throw new ReverifyError('not_found', `No provider named ${name} takes webhooks here.`);
    }
    await provider.receiveWebhook(webhook);
  }
}
