import type { ReverificationRecord } from '../../store/queries/reverifications.js';
import type { StoreTransaction } from '../../store/store.js';
import type { CoreConfig } from '../context.js';
import type { Lifecycle, Published } from '../lifecycle.js';
import {
  decideWithLiveness,
  type LivenessFinding,
  livenessForPolicy,
  providerLivenessFinding,
  stricterFinding,
} from './policy.js';

/**
 * Turns a reverification's two steps into its decision once both are known:
 * the provider's match (held in `pendingMatch`) and, under the `active`
 * policy, the handler's own presence check (in `steps.liveness`).
 */
export class Decider {
  readonly #config: CoreConfig;
  readonly #lifecycle: Lifecycle;

  constructor(config: CoreConfig, lifecycle: Lifecycle) {
    this.#config = config;
    this.#lifecycle = lifecycle;
  }

  /** Whether the provider's outcome of `record` carries its liveness result (the sandbox's forced outcomes). */
  providerDecidesLiveness(record: ReverificationRecord): boolean {
    return this.#config.provider.decidesLiveness?.(record) ?? false;
  }

  /** Whether `record`'s decision must wait for the handler's presence check. */
  waitsForLiveness(record: ReverificationRecord): boolean {
    return (
      record.livenessPolicy === 'active' &&
      record.steps.liveness.status === 'pending' &&
      !this.providerDecidesLiveness(record)
    );
  }

  /** The active check's finding kept on `record`, or `null` while it is pending. */
  #activeFinding(record: ReverificationRecord): LivenessFinding | null {
    const { liveness } = record.steps;
    if (liveness.status === 'pending') return null;
    return {
      status: liveness.status,
      score: liveness.score,
      method: liveness.method,
      reasons: record.livenessReasons,
    };
  }

  /**
   * Writes `record` inside `tx`: completed when nothing is pending any more
   * (its match in, no presence check pending), as it is otherwise. One row write
   * either way. Returns the record as it now stands.
   */
  async hold(
    tx: StoreTransaction,
    record: ReverificationRecord,
    published: Published,
  ): Promise<ReverificationRecord> {
    const settled = await this.#settleIfReady(tx, record, published);
    if (settled === record) await tx.updateReverification(record);
    return settled;
  }

  /**
   * Completes `record` inside `tx` when its match is in and nothing is
   * pending any more; otherwise leaves it processing. Returns the record as
   * it now stands.
   */
  async #settleIfReady(
    tx: StoreTransaction,
    record: ReverificationRecord,
    published: Published,
  ): Promise<ReverificationRecord> {
    const match = record.pendingMatch;
    if (!match || record.status !== 'processing' || this.waitsForLiveness(record)) return record;
    const decides = this.providerDecidesLiveness(record);
    const provider = providerLivenessFinding(
      match.reasons,
      match.livenessScore,
      decides ? 'sandbox' : 'provider',
    );
    const active = this.#activeFinding(record);
    const finding = livenessForPolicy(record.livenessPolicy, {
      // A forced outcome stands in for the check, made stricter by an unfinished challenge.
      active: decides && provider ? stricterFinding(provider, active) : active,
      provider,
    });
    const { decision, reasons, steps } = decideWithLiveness(match, finding);
    const result = await this.#lifecycle.apply(
      tx,
      record,
      { type: 'decision_made', decision },
      {
        reasons,
        steps,
        matchScore: match.matchScore,
        livenessScore: finding.score ?? match.livenessScore,
        pendingMatch: null,
      },
    );
    published.push(result.event);
    return result.record;
  }
}
