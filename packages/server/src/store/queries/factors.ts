import type { ReverificationMethod } from '@reverify/contract';

/** A passkey bound to a person: the public key only, never a private one. */
export interface PasskeyRecord {
  /** The credential id, base64url. */
  readonly id: string;
  readonly referenceId: string;
  readonly name: string;
  /** The COSE public key. */
  readonly publicKey: Uint8Array;
  /** The authenticator's signature counter after the last use (0: it keeps none). */
  readonly counter: number;
  readonly transports: readonly string[];
  readonly deviceType: 'singleDevice' | 'multiDevice';
  readonly backedUp: boolean;
  readonly createdAt: string;
  readonly lastUsedAt: string | null;
}

/**
 * A person's authenticator-app secrets, encrypted with the handler's
 * factor key (AES-256-GCM, `v1.<iv>.<tag>.<data>`). A new set-up waits
 * beside the confirmed secret until a code confirms it, so starting one
 * never loses the secret that works.
 */
export interface TotpRecord {
  readonly referenceId: string;
  /** The confirmed secret; `null` until a first code confirmed one. */
  readonly secretCiphertext: string | null;
  readonly confirmedAt: string | null;
  /** A set-up waiting for its first code, and until when. */
  readonly pendingCiphertext: string | null;
  readonly pendingExpiresAt: string | null;
  /** The time step of the last code accepted: that code and older ones are refused. */
  readonly lastTimeStep: number | null;
  /** Wrong codes since the last right one. */
  readonly failures: number;
  /** Codes are refused until then (the lock-out). */
  readonly lockedUntil: string | null;
}

/** Where a person's one-time codes go (set by the integrator's server). */
export interface ContactRecord {
  readonly referenceId: string;
  /** E.164. */
  readonly phoneNumber: string | null;
  readonly email: string | null;
  readonly updatedAt: string;
}

/** What a one-time challenge is for. */
export type FactorChallengePurpose =
  | 'passkey_registration'
  | 'passkey_authentication'
  | 'sms_code'
  | 'email_code';

/**
 * A one-time challenge: a WebAuthn challenge or a code sent by SMS or email.
 * Only its SHA-256 is kept.
 */
export interface FactorChallengeRecord {
  readonly hash: string;
  readonly purpose: FactorChallengePurpose;
  readonly referenceId: string;
  /** The reverification it answers; `null` for a registration. */
  readonly reverificationId: string | null;
  /** SHA-256 of the destination a code went to; `null` for WebAuthn. */
  readonly destinationHash: string | null;
  /**
   * SHA-256 of the row's `hash` and the code; `null` for WebAuthn. Six
   * digits resist no offline search: the code's short life and attempt
   * limit protect it, not this hash.
   */
  readonly codeHash: string | null;
  /** Wrong codes typed against it. */
  readonly attempts: number;
  readonly createdAt: string;
  readonly expiresAt: string;
  /** When it was answered (or given up after too many wrong codes); `null` while open. */
  readonly usedAt: string | null;
}

/** A factor token (only its SHA-256): binds factors to one person for a few minutes. */
export interface FactorTokenRecord {
  readonly hash: string;
  readonly referenceId: string;
  /** The approved reverification or the enrollment that allowed it. */
  readonly grantedBy: string;
  readonly expiresAt: string;
}

/** One factor event of a person's audit: success or the error code of a refusal. */
export interface FactorAuditRecord {
  readonly referenceId: string;
  readonly reverificationId: string | null;
  readonly method: ReverificationMethod;
  /** `enrolled`, `verified`, `code_sent`, `removed` or `refused`. */
  readonly action: 'enrolled' | 'verified' | 'code_sent' | 'removed' | 'refused';
  /** The error code of a refusal; `null` otherwise. */
  readonly code: string | null;
  readonly occurredAt: string;
}

/** Counts of what {@link FactorQueries.deleteFactors} removed. */
export interface FactorDeletion {
  readonly passkeys: number;
  readonly authenticators: number;
  readonly contacts: number;
}

/** Passkeys, authenticator secrets, contacts and their one-time challenges. */
export interface FactorQueries {
  insertPasskey(record: PasskeyRecord): Promise<void>;
  /** The passkey of this credential id, whoever it belongs to. */
  getPasskey(id: string): Promise<PasskeyRecord | null>;
  listPasskeys(referenceId: string): Promise<PasskeyRecord[]>;
  /** Records a use: the new counter and when. */
  updatePasskeyUse(id: string, counter: number, at: string): Promise<void>;
  /** Removes one passkey of `referenceId`; `false` when it has none of that id. */
  deletePasskey(referenceId: string, id: string): Promise<boolean>;
  /** Stores (replaces) a person's authenticator secret. */
  putTotp(record: TotpRecord): Promise<void>;
  getTotp(referenceId: string): Promise<TotpRecord | null>;
  /** Stores (replaces, or with both `null` removes) where a person's codes go. */
  putContacts(record: ContactRecord): Promise<void>;
  getContacts(referenceId: string): Promise<ContactRecord | null>;
  insertFactorChallenge(record: FactorChallengeRecord): Promise<void>;
  getFactorChallenge(hash: string): Promise<FactorChallengeRecord | null>;
  updateFactorChallenge(record: FactorChallengeRecord): Promise<void>;
  /** The newest open code challenge of a reverification for `purpose`. */
  findOpenCodeChallenge(
    reverificationId: string,
    purpose: FactorChallengePurpose,
    now: string,
  ): Promise<FactorChallengeRecord | null>;
  /** How many challenges of `purpose` were made since `since` for this person or this destination. */
  countFactorChallengesSince(
    purpose: FactorChallengePurpose,
    by: { readonly referenceId: string } | { readonly destinationHash: string },
    since: string,
  ): Promise<number>;
  insertFactorToken(record: FactorTokenRecord): Promise<void>;
  getFactorToken(hash: string): Promise<FactorTokenRecord | null>;
  appendFactorAudit(record: FactorAuditRecord): Promise<void>;
  /** A person's factor audit, oldest first. */
  listFactorAudit(referenceId: string): Promise<FactorAuditRecord[]>;
  /** Removes every passkey, secret, contact, challenge and factor token of `referenceId`. */
  deleteFactors(referenceId: string): Promise<FactorDeletion>;
}
