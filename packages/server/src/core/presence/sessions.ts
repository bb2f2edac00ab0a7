import type { PresenceSession } from '@reverify/contract';
import type { ReverificationRecord } from '../../store/queries/reverifications.js';
import type { StoreTransaction } from '../../store/store.js';
import type { CoreConfig } from '../context.js';
import type { Lifecycle } from '../lifecycle.js';
import { drawMoves, issueChallenge } from './challenge.js';

/**
 * The presence part of a browser session: the policy, a fresh challenge
 * when it is `active` (each session replaces the previous one, whose nonce
 * stops working), and the clip limits when the provider wants a video.
 */
export class PresenceSessions {
  readonly #config: CoreConfig;
  readonly #lifecycle: Lifecycle;

  constructor(config: CoreConfig, lifecycle: Lifecycle) {
    this.#config = config;
    this.#lifecycle = lifecycle;
  }

  /** Issues the session's presence part inside `tx`, storing its challenge on `record`. */
  async open(tx: StoreTransaction, record: ReverificationRecord): Promise<PresenceSession> {
    const { presence, provider } = this.#config;
    const clip =
      provider.wantsClip && record.livenessPolicy !== 'off'
        ? {
            maxBytes: presence.clipLimits.maxBytes,
            maxDurationMs: presence.clipLimits.maxDurationMs,
          }
        : null;
    const capturing = record.status === 'pending' || record.status === 'capturing';
    if (record.livenessPolicy !== 'active' || !capturing) {
      return { policy: record.livenessPolicy, challenge: null, clip };
    }
    const moves = record.fixedChallengeMoves ?? drawMoves(presence.random);
    const { challenge, stored } = issueChallenge(this.#lifecycle.now(), moves, presence.challenge);
    await tx.updateReverification({ ...record, challenge: stored });
    return { policy: record.livenessPolicy, challenge, clip };
  }
}
