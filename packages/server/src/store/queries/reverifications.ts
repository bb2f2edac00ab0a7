import type {
  AssuranceTier,
  ChallengeMove,
  Decision,
  LivenessPolicy,
  Metadata,
  MethodPolicy,
  MethodUse,
  ReasonCode,
  ReverificationStatus,
  SandboxOutcome,
  Steps,
} from '@reverify/contract';

/** The challenge a reverification's browser was given; only the nonce's hash is kept. */
export interface StoredChallenge {
  readonly moves: readonly ChallengeMove[];
  readonly nonceHash: string;
  readonly issuedAt: string;
  readonly expiresAt: string;
  readonly minYawDegrees: number;
  readonly moveTimeoutMs: number;
}

/** A provider's decision held until the liveness step is known. */
export interface PendingMatch {
  readonly decision: Decision;
  readonly reasons: readonly ReasonCode[];
  readonly matchScore: number | null;
  readonly livenessScore: number | null;
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
  readonly livenessPolicy: LivenessPolicy;
  /** The assurance tier asked for, or the one the policy meets. */
  readonly tier: AssuranceTier;
  /** The workflow it was created with, if any. */
  readonly workflow: string | null;
  /** The current challenge; `null` until a browser session opened one, or unless the policy is `active`. */
  readonly challenge: StoredChallenge | null;
  /** Sandbox only: the moves every challenge of this reverification asks for, instead of random ones. */
  readonly fixedChallengeMoves: readonly ChallengeMove[] | null;
  readonly steps: Steps;
  /** The liveness step's reasons, merged into the decision's. */
  readonly livenessReasons: readonly ReasonCode[];
  /** The provider's decision while the liveness step is pending. */
  readonly pendingMatch: PendingMatch | null;
  /** Which methods satisfy it (any group, all of a group). */
  readonly methodPolicy: MethodPolicy;
  /** The methods completed, in order. */
  readonly verifiedBy: readonly MethodUse[];
  readonly createdAt: string;
  readonly updatedAt: string;
  readonly expiresAt: string;
  readonly completedAt: string | null;
  /** When the capture of this reverification is deleted; `null` while it is still needed. */
  readonly purgeAfter: string | null;
}

/** The fields a reverification keeps from its insert on: {@link ReverificationQueries.updateReverification} leaves them. */
export const FIXED_REVERIFICATION_FIELDS = ['id', 'referenceId', 'createdAt'] as const;

/** Filters and order of {@link ReverificationQueries.listReverifications}. */
export interface ReverificationFilter {
  readonly referenceId?: string | undefined;
  readonly status?: ReverificationStatus | undefined;
  readonly decision?: Decision | undefined;
  /** `newest` (history) or `oldest` (a queue) first, by `createdAt`. */
  readonly order: 'newest' | 'oldest';
  /** Skip this many matches (a page number). */
  readonly offset: number;
  /** Only the matches after this one in `order` (a keyset cursor: no rows skipped one by one). */
  readonly after?: { readonly createdAt: string; readonly id: string } | undefined;
  readonly limit: number;
  /** Count the matches up to this many, not further. */
  readonly countUpTo: number;
}

/** Reverifications: the lifecycle's rows. */
export interface ReverificationQueries {
  getReverification(id: string): Promise<ReverificationRecord | null>;
  /** The reverifications of these ids that exist, in no particular order. */
  getReverifications(ids: readonly string[]): Promise<ReverificationRecord[]>;
  /** The newest reverification of `referenceId` that is pending, capturing or processing. */
  findActiveReverification(referenceId: string): Promise<ReverificationRecord | null>;
  insertReverification(record: ReverificationRecord): Promise<void>;
  /**
   * Writes every field of `record` but {@link FIXED_REVERIFICATION_FIELDS},
   * which never change: a row's key, referenced by its events, tokens and
   * captures, is never rewritten (on SQLite that alone made each update
   * check every child table, scanning `tokens`).
   */
  updateReverification(record: ReverificationRecord): Promise<void>;
  /** Active reverifications whose `expiresAt` is at or before `now`, oldest first. */
  listDueForExpiry(now: string, limit: number): Promise<ReverificationRecord[]>;
  /**
   * One page of reverifications matching `filter`, and how many match in
   * all (`after` aside), counted up to `countUpTo`.
   */
  listReverifications(
    filter: ReverificationFilter,
  ): Promise<{ records: ReverificationRecord[]; total: number }>;
  /** How many reverifications of `referenceId` were created at or after `since`, and the oldest of them. */
  countCreatedSince(
    referenceId: string,
    since: string,
  ): Promise<{ count: number; oldest: string | null }>;
  /** The reverification of `provider` in `processing` under `providerReference`, if any. */
  findProcessingByReference(
    provider: string,
    providerReference: string,
  ): Promise<ReverificationRecord | null>;
  /**
   * Reverifications of `provider` in `processing`, soonest to expire first:
   * only those with a provider reference when `withReference` is true.
   */
  listProcessing(
    provider: string,
    limit: number,
    filter: { readonly withReference: boolean },
  ): Promise<ReverificationRecord[]>;
}
