import type { ReasonCode } from '@reverify/contract';
import type { PresenceKeyframe } from '../../plugin/presence.js';
import type { CapturePresence } from '../../store/queries/captures.js';
import type { ReverificationRecord } from '../../store/queries/reverifications.js';
import type { CoreConfig } from '../context.js';
import type { Lifecycle } from '../lifecycle.js';
import { callProvider } from '../provider-call.js';
import type { Decider } from './decider.js';
import type { LivenessFinding } from './policy.js';
import { suspiciousSignals } from './signals.js';

const review = (...reasons: ReasonCode[]): LivenessFinding => ({
  status: 'review',
  score: null,
  method: 'active',
  reasons,
});

/**
 * The handler's own presence check of an `active` reverification: the
 * verifier's verdict on the challenge's keyframes, made uncertain by
 * suspicious camera signals (which never reject on their own), then stored
 * as the liveness step; the decision follows once the match is in too.
 */
export class PresenceChecks {
  readonly #config: CoreConfig;
  readonly #lifecycle: Lifecycle;
  readonly #decider: Decider;

  constructor(config: CoreConfig, lifecycle: Lifecycle, decider: Decider) {
    this.#config = config;
    this.#lifecycle = lifecycle;
    this.#decider = decider;
  }

  /**
   * What an upload settles of the liveness step at once: when the provider's
   * forced outcome decides liveness (the sandbox) but the reverification
   * issued a challenge that was not completed, review with
   * `challenge_incomplete`, so a sandbox shows what an unfinished challenge
   * does. Otherwise nothing; the check runs after the upload.
   */
  settledAtUpload(
    record: ReverificationRecord,
    presence: CapturePresence | null,
  ): Partial<ReverificationRecord> {
    if (
      !record.challenge ||
      presence?.outcome === 'completed' ||
      !this.#decider.providerDecidesLiveness(record)
    ) {
      return {};
    }
    return {
      steps: { ...record.steps, liveness: { status: 'review', score: null, method: 'active' } },
      livenessReasons: ['challenge_incomplete'],
    };
  }

  /** Starts the check of an accepted capture in the background (nothing to do unless it waits for one). */
  start(
    record: ReverificationRecord,
    presence: CapturePresence | null,
    keyframes: readonly PresenceKeyframe[],
  ): void {
    if (!this.#decider.waitsForLiveness(record)) return;
    const { logger } = this.#config;
    this.#finding(record, presence, keyframes)
      .catch((error: unknown) => {
        logger.warn({ reverificationId: record.id, error: String(error) }, 'presence check failed');
        return review('liveness_uncertain');
      })
      .then((finding) => this.resolve(record.id, finding))
      .catch((error: unknown) =>
        logger.error(
          { reverificationId: record.id, error: String(error) },
          'could not record the presence check',
        ),
      );
  }

  async #finding(
    record: ReverificationRecord,
    presence: CapturePresence | null,
    keyframes: readonly PresenceKeyframe[],
  ): Promise<LivenessFinding> {
    const suspicious = suspiciousSignals(presence?.signals ?? null);
    const flagged = (finding: LivenessFinding): LivenessFinding =>
      suspicious && finding.status !== 'failed'
        ? { ...finding, status: 'review', reasons: [...finding.reasons, 'camera_suspicious'] }
        : finding;
    const { verifier } = this.#config.presence;
    const challenge = record.challenge;
    if (presence?.outcome !== 'completed' || !challenge) {
      return flagged(review('challenge_incomplete'));
    }
    if (!verifier) return flagged(review('liveness_not_checked'));
    const verdict = await callProvider(
      'presence',
      this.#config.presence.verifyTimeoutMs,
      (signal) =>
        verifier.verifyPresence(
          {
            reverificationId: record.id,
            moves: challenge.moves,
            minYawDegrees: challenge.minYawDegrees,
            keyframes,
          },
          signal,
        ),
    );
    this.#config.logger.info(
      { reverificationId: record.id, status: verdict.status, suspicious, ...verdict.measurements },
      'presence verified',
    );
    return flagged({
      status: verdict.status,
      score: verdict.score,
      method: 'active',
      reasons: verdict.reasons,
    });
  }

  /** Starts again the check of a capture whose check a killed process lost, from what is stored. */
  async restart(record: ReverificationRecord): Promise<void> {
    const { capture, keyframes } = await this.#config.store.transaction(async (tx) => ({
      capture: await tx.getCaptureByReverification(record.id),
      keyframes: await tx.listKeyframes(record.id),
    }));
    const frontal = capture?.image;
    const presence = capture?.presence ?? null;
    this.start(
      record,
      presence,
      frontal && presence
        ? [
            { name: 'frontal', image: frontal, atMs: presence.keyframes[0]?.atMs ?? 0 },
            ...keyframes,
          ]
        : keyframes,
    );
  }

  /** Stores the liveness step of a reverification still processing, deciding it if its match is in. */
  async resolve(reverificationId: string, finding: LivenessFinding): Promise<void> {
    const lifecycle = this.#lifecycle;
    await lifecycle.transact(async (tx, published) => {
      const found = await tx.getReverification(reverificationId);
      if (!found) return;
      const current = await lifecycle.expireIfDue(tx, found, published);
      if (current.status !== 'processing' || current.steps.liveness.status !== 'pending') return;
      const updated = {
        ...current,
        steps: {
          ...current.steps,
          liveness: { status: finding.status, score: finding.score, method: finding.method },
        },
        livenessReasons: [...finding.reasons],
      };
      await this.#decider.hold(tx, updated, published);
    });
  }
}
