import type { Generated } from 'kysely';

/**
 * The tables as the queries see them through Kysely's `CamelCasePlugin`
 * (the database's own names are snake_case). JSON columns hold text; see
 * `codec.ts`.
 */
export interface Database {
  enrollments: {
    id: string;
    referenceId: string;
    status: string;
    provider: string;
    providerEnrollmentId: string | null;
    failureReason: string | null;
    metadata: string;
    createdAt: string;
    updatedAt: string;
  };
  referenceImages: ImageColumns & { enrollmentId: string };
  reverifications: {
    id: string;
    referenceId: string;
    status: string;
    decision: string | null;
    reasons: string;
    threshold: number | null;
    timeoutSeconds: number;
    metadata: string;
    provider: string;
    retryOf: string | null;
    sandboxOutcome: string | null;
    matchScore: number | null;
    livenessScore: number | null;
    providerReference: string | null;
    livenessPolicy: string;
    tier: string;
    workflow: string | null;
    challenge: string | null;
    fixedChallengeMoves: string | null;
    steps: string;
    livenessReasons: string;
    pendingMatch: string | null;
    methodPolicy: string;
    verifiedBy: string;
    createdAt: string;
    updatedAt: string;
    expiresAt: string;
    completedAt: string | null;
    purgeAfter: string | null;
  };
  reverificationEvents: { reverificationId: string; sequence: number; payload: string };
  tokens: {
    hash: string;
    reverificationId: string;
    scope: string;
    expiresAt: string;
    usedAt: string | null;
  };
  captures: Nullable<ImageColumns> & {
    id: string;
    reverificationId: string;
    idempotencyKey: string | null;
    checks: string | null;
    presence: string | null;
    createdAt: string;
    purgedAt: string | null;
  };
  captureKeyframes: ImageColumns & { captureId: string; name: string; atMs: number };
  captureClips: {
    captureId: string;
    bytes: Uint8Array;
    mimeType: string;
    durationMs: number;
    width: number;
    height: number;
    codec: string;
  };
  providerTemplates: { provider: string; referenceId: string; template: Uint8Array };
  auditLog: {
    id: Generated<number>;
    reverificationId: string;
    referenceId: string;
    action: string;
    actor: string;
    occurredAt: string;
    previousDecision: string | null;
    decision: string | null;
    notes: string | null;
    relatedReverificationId: string | null;
  };
  batches: {
    id: string;
    status: string;
    options: string;
    total: number;
    processed: number;
    failed: number;
    createdAt: string;
    updatedAt: string;
    completedAt: string | null;
    reportStatus: string;
    reportCsv: string | null;
    reportGeneratedAt: string | null;
  };
  apiKeys: {
    id: string;
    name: string;
    hash: string;
    scopes: string;
    createdAt: string;
    expiresAt: string | null;
    revokedAt: string | null;
  };
  batchReports: {
    id: string;
    batchId: string;
    status: string;
    requester: string;
    csv: string | null;
    createdAt: string;
    completedAt: string | null;
  };
  batchItems: {
    batchId: string;
    row: number;
    referenceId: string;
    phoneNumber: string | null;
    email: string | null;
    status: string;
    errorCode: string | null;
    reverificationId: string | null;
    messageChannel: string | null;
    leaseUntil: string | null;
    updatedAt: string;
  };
  webhookDeliveries: {
    id: string;
    eventId: string;
    endpointId: string;
    eventType: string;
    reverificationId: string | null;
    sequence: number;
    payload: string;
    status: string;
    attempts: number;
    nextAttemptAt: string | null;
    lastStatus: number | null;
    lastError: string | null;
    createdAt: string;
    updatedAt: string;
    deliveredAt: string | null;
  };
  passkeys: {
    id: string;
    referenceId: string;
    name: string;
    publicKey: Uint8Array;
    counter: number | string;
    transports: string;
    deviceType: string;
    backedUp: number;
    createdAt: string;
    lastUsedAt: string | null;
  };
  totpSecrets: {
    referenceId: string;
    secretCiphertext: string | null;
    confirmedAt: string | null;
    pendingCiphertext: string | null;
    pendingExpiresAt: string | null;
    lastTimeStep: number | string | null;
    failures: number;
    lockedUntil: string | null;
  };
  contacts: {
    referenceId: string;
    phoneNumber: string | null;
    email: string | null;
    updatedAt: string;
  };
  factorChallenges: {
    hash: string;
    purpose: string;
    referenceId: string;
    reverificationId: string | null;
    destinationHash: string | null;
    codeHash: string | null;
    attempts: number;
    createdAt: string;
    expiresAt: string;
    usedAt: string | null;
  };
  factorTokens: { hash: string; referenceId: string; grantedBy: string; expiresAt: string };
  factorAudit: {
    id: Generated<number>;
    referenceId: string;
    reverificationId: string | null;
    method: string;
    action: string;
    code: string | null;
    occurredAt: string;
  };
  webhookEndpoints: {
    id: string;
    disabledAt: string | null;
    consecutiveFailures: number;
    lastSuccessAt: string | null;
    lastFailureAt: string | null;
    lastStatus: number | null;
  };
}

/** The columns of a stored image. */
export interface ImageColumns {
  bytes: Uint8Array;
  format: string;
  width: number;
  height: number;
}

type Nullable<T> = { [K in keyof T]: T[K] | null };

/** The statuses of a reverification still in progress. */
export const ACTIVE_STATUSES = ['pending', 'capturing', 'processing'] as const;

/** What one transaction did that a store must finish after its commit. */
export interface CommitEffects {
  /** Biometric bytes were deleted: a store that keeps old page copies (a WAL) must scrub them. */
  erasedBiometrics: boolean;
  /** The reverifications that got new events: a store shared by several instances announces them. */
  readonly eventsOf: Set<string>;
}
