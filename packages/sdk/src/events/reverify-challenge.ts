import type { ChallengeMove, ChallengeOutcome } from '@reverify/contract';
import type { ChallengeGuidance } from '../presence/challenge.js';

/** `reverify-challenge`: the head-turn challenge started, changed its instruction, or ended. */
export type ReverifyChallengeDetail =
  | { readonly kind: 'started'; readonly moves: readonly ChallengeMove[] }
  | { readonly kind: 'guidance'; readonly code: ChallengeGuidance; readonly message: string }
  | { readonly kind: 'ended'; readonly outcome: ChallengeOutcome; readonly keyframes: number };

/** The `reverify-challenge` event. */
export type ReverifyChallengeEvent = CustomEvent<ReverifyChallengeDetail>;

declare global {
  interface GlobalEventHandlersEventMap {
    'reverify-challenge': ReverifyChallengeEvent;
  }
}
