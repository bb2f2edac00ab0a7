import type {
  ContactRecord,
  FactorAuditRecord,
  FactorChallengeRecord,
  FactorQueries,
  FactorTokenRecord,
  PasskeyRecord,
  TotpRecord,
} from '../queries/factors.js';

/** The memory store's factor tables. */
export interface FactorTables {
  passkeys: Map<string, PasskeyRecord>;
  totp: Map<string, TotpRecord>;
  contacts: Map<string, ContactRecord>;
  challenges: Map<string, FactorChallengeRecord>;
  factorTokens: Map<string, FactorTokenRecord>;
  factorAudit: FactorAuditRecord[];
}

/** Empty factor tables. */
export function emptyFactorTables(): FactorTables {
  return {
    passkeys: new Map(),
    totp: new Map(),
    contacts: new Map(),
    challenges: new Map(),
    factorTokens: new Map(),
    factorAudit: [],
  };
}

/** A snapshot of the factor tables (records are never mutated in place). */
export function copyFactorTables(t: FactorTables): FactorTables {
  return {
    passkeys: new Map(t.passkeys),
    totp: new Map(t.totp),
    contacts: new Map(t.contacts),
    challenges: new Map(t.challenges),
    factorTokens: new Map(t.factorTokens),
    factorAudit: [...t.factorAudit],
  };
}

/** Deletes the entries of `map` whose value `belongs`; how many. */
function deleteWhere<V>(map: Map<string, V>, belongs: (value: V) => boolean): number {
  let count = 0;
  for (const [key, value] of map) {
    if (belongs(value)) {
      map.delete(key);
      count += 1;
    }
  }
  return count;
}

/** {@link FactorQueries} over the memory store's tables. */
export function factorQueries(t: FactorTables): FactorQueries {
  return {
    async insertPasskey(record) {
      if (t.passkeys.has(record.id)) throw new Error('duplicate passkey');
      t.passkeys.set(record.id, record);
    },
    async getPasskey(id) {
      return t.passkeys.get(id) ?? null;
    },
    async listPasskeys(referenceId) {
      return [...t.passkeys.values()]
        .filter((p) => p.referenceId === referenceId)
        .sort((a, b) => a.createdAt.localeCompare(b.createdAt));
    },
    async updatePasskeyUse(id, counter, at) {
      const found = t.passkeys.get(id);
      if (found) t.passkeys.set(id, { ...found, counter, lastUsedAt: at });
    },
    async deletePasskey(referenceId, id) {
      if (t.passkeys.get(id)?.referenceId !== referenceId) return false;
      return t.passkeys.delete(id);
    },
    async putTotp(record) {
      t.totp.set(record.referenceId, record);
    },
    async getTotp(referenceId) {
      return t.totp.get(referenceId) ?? null;
    },
    async putContacts(record) {
      if (record.phoneNumber === null && record.email === null)
        t.contacts.delete(record.referenceId);
      else t.contacts.set(record.referenceId, record);
    },
    async getContacts(referenceId) {
      return t.contacts.get(referenceId) ?? null;
    },
    async insertFactorChallenge(record) {
      t.challenges.set(record.hash, record);
    },
    async getFactorChallenge(hash) {
      return t.challenges.get(hash) ?? null;
    },
    async updateFactorChallenge(record) {
      t.challenges.set(record.hash, record);
    },
    async findOpenCodeChallenge(reverificationId, purpose, now) {
      const open = [...t.challenges.values()].filter(
        (c) =>
          c.reverificationId === reverificationId &&
          c.purpose === purpose &&
          c.usedAt === null &&
          c.expiresAt > now,
      );
      return open.sort((a, b) => b.createdAt.localeCompare(a.createdAt))[0] ?? null;
    },
    async countFactorChallengesSince(purpose, by, since) {
      return [...t.challenges.values()].filter(
        (c) =>
          c.purpose === purpose &&
          c.createdAt >= since &&
          ('referenceId' in by
            ? c.referenceId === by.referenceId
            : c.destinationHash === by.destinationHash),
      ).length;
    },
    async insertFactorToken(record) {
      t.factorTokens.set(record.hash, record);
    },
    async getFactorToken(hash) {
      return t.factorTokens.get(hash) ?? null;
    },
    async appendFactorAudit(record) {
      t.factorAudit.push(record);
    },
    async listFactorAudit(referenceId) {
      return t.factorAudit.filter((entry) => entry.referenceId === referenceId);
    },
    async deleteFactors(referenceId) {
      const mine = (value: { readonly referenceId: string }) => value.referenceId === referenceId;
      deleteWhere(t.challenges, mine);
      deleteWhere(t.factorTokens, mine);
      return {
        passkeys: deleteWhere(t.passkeys, mine),
        authenticators: deleteWhere(t.totp, mine),
        contacts: deleteWhere(t.contacts, mine),
      };
    },
  };
}
