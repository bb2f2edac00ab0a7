/**
 * The ways a returning person can reverify. The selfie proves the face;
 * the others prove something the person holds, and never the face.
 */
export const ReverificationMethod = {
  /** A new selfie matched against the enrolled face (with the liveness policy). */
  selfie: 'selfie',
  /** A passkey bound after an approved selfie, asked for with user verification. */
  passkey: 'passkey',
  /** A code from the authenticator app bound after an approved selfie (TOTP). */
  totp: 'totp',
  /** A one-time code texted to the enrolled phone number. */
  sms_code: 'sms_code',
  /** A one-time code emailed to the enrolled address. */
  email_code: 'email_code',
} as const;

/** A reverification method; see {@link ReverificationMethod}. */
export type ReverificationMethod = (typeof ReverificationMethod)[keyof typeof ReverificationMethod];

/** Every method, in the order a person is offered them: passkey first, selfie, codes last. */
export const METHOD_OFFER_ORDER: readonly ReverificationMethod[] = [
  'passkey',
  'selfie',
  'totp',
  'sms_code',
  'email_code',
];

/**
 * What a method proves, recorded with every decision it took part in. A
 * passkey proves the enrolled device and its user verification (PIN,
 * fingerprint, face unlock on the device), not the person's face.
 */
export const MethodAssurance = {
  /** The face matches the enrolled person's (and liveness as the policy asks). */
  face_match: 'face_match',
  /** The enrolled authenticator signed, and it verified its user. */
  device_user_verification: 'device_user_verification',
  /** A code of the authenticator app that holds the enrolled secret. */
  shared_secret: 'shared_secret',
  /** Possession of the enrolled phone number or mailbox, at the time of the code. */
  channel_possession: 'channel_possession',
} as const;

/** An assurance; see {@link MethodAssurance}. */
export type MethodAssurance = (typeof MethodAssurance)[keyof typeof MethodAssurance];

/** The assurance of each method. */
export const METHOD_ASSURANCE: Readonly<Record<ReverificationMethod, MethodAssurance>> = {
  selfie: 'face_match',
  passkey: 'device_user_verification',
  totp: 'shared_secret',
  sms_code: 'channel_possession',
  email_code: 'channel_possession',
};

/**
 * Which methods satisfy a reverification: any one of the groups, each
 * group needing all of its methods (`passkey or selfie` is
 * `[['passkey'], ['selfie']]`; `selfie and passkey` is `[['selfie', 'passkey']]`).
 */
export type MethodPolicy = readonly (readonly ReverificationMethod[])[];

/** The policy of a reverification that names none: the selfie, as before methods existed. */
export const DEFAULT_METHOD_POLICY: MethodPolicy = [['selfie']];

/** Thrown by {@link parseMethodPolicy} for an expression it cannot read. */
export class MethodPolicyError extends Error {
  /** Stable error code (`invalid_request` on the wire). */
  readonly code = 'invalid_method_policy';

  constructor(message: string) {
    super(message);
    this.name = 'MethodPolicyError';
  }
}

const isMethod = (word: string): word is ReverificationMethod => word in ReverificationMethod;

/**
 * Reads a policy expression: methods joined by `and`, groups joined by
 * `or` (`and` binds first): `selfie`, `passkey or selfie`,
 * `selfie and passkey`, `passkey or selfie and totp`. At most 4 groups
 * of at most 3 methods, no method twice in a group, no group twice.
 *
 * @throws {@link MethodPolicyError} naming what is wrong.
 */
export function parseMethodPolicy(expression: string): MethodPolicy {
  const groups = expression
    .trim()
    .split(/\s+or\s+/i)
    .map((group) => group.split(/\s+and\s+/i).map((word) => word.trim().toLowerCase()));
  if (groups.length > 4) throw new MethodPolicyError('At most 4 alternatives (`or`).');
  const seen = new Set<string>();
  for (const group of groups) {
    if (group.length > 3) throw new MethodPolicyError('At most 3 methods joined by `and`.');
    for (const word of group) {
      if (!isMethod(word)) {
        throw new MethodPolicyError(
          `"${word}" is not a method (${Object.keys(ReverificationMethod).join(', ')}).`,
        );
      }
    }
    if (new Set(group).size !== group.length) {
      throw new MethodPolicyError('A method appears twice in one `and` group.');
    }
    const key = [...group].sort().join(' ');
    if (seen.has(key)) throw new MethodPolicyError(`"${group.join(' and ')}" appears twice.`);
    seen.add(key);
  }
  return groups as ReverificationMethod[][];
}

/** The expression of a policy, the form {@link parseMethodPolicy} reads. */
export function formatMethodPolicy(policy: MethodPolicy): string {
  return policy.map((group) => group.join(' and ')).join(' or ');
}

/** Whether the methods done so far satisfy one group of `policy`. */
export function isPolicySatisfied(
  policy: MethodPolicy,
  done: readonly ReverificationMethod[],
): boolean {
  return policy.some((group) => group.every((method) => done.includes(method)));
}

/**
 * The methods that may be done next: those of a group not yet satisfied,
 * except that the selfie comes only once the rest of its group is done (its
 * decision ends the reverification). In {@link METHOD_OFFER_ORDER}.
 */
export function methodsOpen(
  policy: MethodPolicy,
  done: readonly ReverificationMethod[],
): ReverificationMethod[] {
  const open = new Set<ReverificationMethod>();
  for (const group of policy) {
    const missing = group.filter((method) => !done.includes(method));
    for (const method of missing) {
      if (method !== 'selfie' || missing.length === 1) open.add(method);
    }
  }
  return METHOD_OFFER_ORDER.filter((method) => open.has(method));
}

/** The methods still missing from the group of `policy` that `method` would come closest to completing. */
export function methodsMissingBefore(
  policy: MethodPolicy,
  done: readonly ReverificationMethod[],
  method: ReverificationMethod,
): ReverificationMethod[] {
  const candidates = policy
    .filter((group) => group.includes(method))
    .map((group) => group.filter((other) => other !== method && !done.includes(other)));
  return candidates.sort((a, b) => a.length - b.length)[0] ?? [];
}
