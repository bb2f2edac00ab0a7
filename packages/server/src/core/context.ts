import type { LivenessPolicy, StreamEvent, Workflow } from '@reverify/contract';
import type { FactorSettings } from '../factors/factor-settings.js';
import type { ImageLimits } from '../image/sanitize-image.js';
import type { ClipLimits } from '../image/validate-clip.js';
import type { Logger } from '../plugin/logger.js';
import type { PresenceVerifier } from '../plugin/presence.js';
import type { FaceMatchProvider } from '../plugin/provider.js';
import type { DeliveryRecord } from '../store/queries/deliveries.js';
import type { ReverifyStore } from '../store/store.js';
import type { ChallengeSettings } from './presence/challenge.js';

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

/**
 * Where committed lifecycle events go besides the live streams: the
 * webhook outbox. The webhook dispatcher implements it.
 */
export interface EventOutbox {
  /** The outbox rows of one event (one per endpoint), written in the event's own transaction. */
  rowsFor(event: StreamEvent, at: string): readonly DeliveryRecord[];
  /** Called after a transaction that wrote events committed (wakes the delivery). */
  committed(): void;
}

/** How the core proves presence; see the handler's `presence` option. */
export interface PresenceConfig {
  /** The policy of a reverification that names none. */
  readonly defaultPolicy: LivenessPolicy;
  /** Verifies active challenges (the local analyzer), or `null`: such challenges go to review. */
  readonly verifier: PresenceVerifier | null;
  readonly challenge: ChallengeSettings;
  /** Limits of the challenge video a provider may want. */
  readonly clipLimits: ClipLimits;
  /** Milliseconds a verification may take before it counts as uncertain. */
  readonly verifyTimeoutMs: number;
  /** Draws the challenge's order (`Math.random`; tests fix it). */
  readonly random: () => number;
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
  readonly outbox: EventOutbox;
  readonly presence: PresenceConfig;
  /** The named reverification policies, by id (the handler's `workflows` option). */
  readonly workflows: ReadonlyMap<string, Workflow>;
  /** Passkeys, the authenticator app and one-time codes. */
  readonly factors: FactorSettings;
  /** The countries phone numbers may belong to (`handoff.smsCountries`); `null`: any. */
  readonly smsCountries: readonly string[] | null;
}

/** `date` plus `seconds`, as an ISO-8601 string. */
export function addSeconds(date: Date, seconds: number): string {
  return new Date(date.getTime() + seconds * 1000).toISOString();
}
