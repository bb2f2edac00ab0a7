import type { Challenge, ChallengeMove } from '@reverify/contract';
import { randomBase62 } from '../../plugin/random.js';
import type { StoredChallenge } from '../../store/queries/reverifications.js';
import { addSeconds } from '../context.js';
import { hashSecret } from '../ids.js';

/** How the handler's challenges are made. */
export interface ChallengeSettings {
  /** Seconds from issue until the capture must have arrived. */
  readonly lifetimeSeconds: number;
  /** The smallest head turn asked for, degrees. */
  readonly minYawDegrees: number;
  /** Milliseconds the device gives one move. */
  readonly moveTimeoutMs: number;
}

/**
 * The two moves of a new challenge: left then right, or right then left,
 * each with probability ½ (`random` is `Math.random` in production, fixed in
 * tests). Two moves in a random order cannot be answered by a recording made
 * in advance without also guessing the order.
 */
export function drawMoves(random: () => number): ChallengeMove[] {
  return random() < 0.5 ? ['turn_left', 'turn_right'] : ['turn_right', 'turn_left'];
}

/**
 * A new challenge for the browser and what the handler keeps of it: the
 * nonce only as its hash.
 */
export function issueChallenge(
  now: Date,
  moves: readonly ChallengeMove[],
  settings: ChallengeSettings,
  nonce: string = randomBase62(32),
): { challenge: Challenge; stored: StoredChallenge } {
  const issuedAt = now.toISOString();
  const expiresAt = addSeconds(now, settings.lifetimeSeconds);
  const common = {
    moves: [...moves],
    issuedAt,
    expiresAt,
    minYawDegrees: settings.minYawDegrees,
    moveTimeoutMs: settings.moveTimeoutMs,
  };
  return {
    challenge: { nonce, ...common },
    stored: { nonceHash: hashSecret(nonce), ...common },
  };
}
