import {
  formatMethodPolicy,
  isPolicySatisfied,
  type MethodResult,
  type MethodsSession,
  methodsMissingBefore,
  methodsOpen,
  type ReverificationMethod,
} from '@reverify/contract';
import type { Lifecycle, Published } from '../core/lifecycle.js';
import { methodUse } from '../core/lifecycle.js';
import { findClientToken, tokenExpired } from '../core/tokens.js';
import { ReverifyError } from '../plugin/errors.js';
import { maskRecipient } from '../plugin/notifier.js';
import type { ReverificationRecord } from '../store/queries/reverifications.js';
import type { StoreTransaction } from '../store/store.js';
import type { FactorSettings } from './factor-settings.js';

/** The methods a record's person has done so far. */
export function methodsDone(record: ReverificationRecord): ReverificationMethod[] {
  return record.verifiedBy.map((use) => use.method);
}

/**
 * Throws unless `method` may be done now on `record`: the reverification
 * is still open and its policy takes `method` next.
 *
 * @throws `reverification_expired`, `illegal_transition` (settled or
 *   processing), `method_not_offered` (details: the policy and what must come first).
 */
export function requireMethodOpen(
  record: ReverificationRecord,
  method: ReverificationMethod,
): void {
  if (record.status === 'expired') {
    throw new ReverifyError('reverification_expired', 'The reverification has expired.');
  }
  if (record.status !== 'pending' && record.status !== 'capturing') {
    throw new ReverifyError(
      'illegal_transition',
      `The reverification is ${record.status}; it takes no more methods.`,
      { details: { status: record.status } },
    );
  }
  const done = methodsDone(record);
  if (methodsOpen(record.methodPolicy, done).includes(method)) return;
  const policy = formatMethodPolicy(record.methodPolicy);
  const missing = methodsMissingBefore(record.methodPolicy, done, method);
  throw new ReverifyError(
    'method_not_offered',
    done.includes(method)
      ? `The ${method} step is done already.`
      : missing.length > 0
        ? `This reverification needs ${missing.join(' and ')} before the ${method}.`
        : `This reverification accepts ${policy}, not ${method}.`,
    { details: { methods: policy, missing } },
  );
}

/**
 * The methods of reverifications: what a person may do next, and what
 * one completed method does (it joins `verifiedBy`; once it satisfies the
 * policy without a selfie the reverification is approved). Refusals are
 * audited in their own transaction, so the refusal itself rolls nothing back.
 */
export class MethodSteps {
  readonly #lifecycle: Lifecycle;
  readonly #settings: FactorSettings;

  constructor(lifecycle: Lifecycle, settings: FactorSettings) {
    this.#lifecycle = lifecycle;
    this.#settings = settings;
  }

  /** The methods this handler can run at all. */
  #configured(method: ReverificationMethod): boolean {
    switch (method) {
      case 'passkey':
        return this.#settings.rpId !== null;
      case 'totp':
        return this.#settings.box !== null;
      case 'sms_code':
        return this.#settings.notifier?.channels.includes('sms') ?? false;
      case 'email_code':
        return this.#settings.notifier?.channels.includes('email') ?? false;
      default:
        return true;
    }
  }

  /**
   * The current reverification of a browser's client token inside `tx`
   * (expired first when due).
   *
   * @throws `unauthorized`, `forbidden` (not a client token), `token_expired`.
   */
  async reverificationOf(
    tx: StoreTransaction,
    clientToken: string,
    published: Published,
  ): Promise<ReverificationRecord> {
    const token = await findClientToken(tx, clientToken);
    if (token.expiresAt <= this.#lifecycle.now().toISOString()) throw tokenExpired();
    return this.#lifecycle.current(tx, token.reverificationId, published);
  }

  /** The methods part of a browser session for `record`. */
  async session(tx: StoreTransaction, record: ReverificationRecord): Promise<MethodsSession> {
    const done = methodsDone(record);
    const wanted = methodsOpen(record.methodPolicy, done);
    const needsFactors = wanted.some((method) => method !== 'selfie');
    const [passkeys, totp, contacts] = needsFactors
      ? await Promise.all([
          tx.listPasskeys(record.referenceId),
          tx.getTotp(record.referenceId),
          tx.getContacts(record.referenceId),
        ])
      : [[], null, null];
    const enrolled: Record<ReverificationMethod, boolean> = {
      selfie: true,
      passkey: passkeys.length > 0,
      totp: totp?.confirmedAt != null,
      sms_code: contacts?.phoneNumber != null,
      email_code: contacts?.email != null,
    };
    const usable = (method: ReverificationMethod) => enrolled[method] && this.#configured(method);
    const open = wanted.filter(usable);
    return {
      policy: formatMethodPolicy(record.methodPolicy),
      done,
      open,
      unavailable: wanted.filter((method) => !usable(method)),
      destinations: {
        sms_code:
          open.includes('sms_code') && contacts?.phoneNumber
            ? maskRecipient(contacts.phoneNumber)
            : null,
        email_code:
          open.includes('email_code') && contacts?.email ? maskRecipient(contacts.email) : null,
      },
    };
  }

  /**
   * Records `method` as done on `record` inside `tx`, approving the
   * reverification when that satisfies its policy.
   */
  async complete(
    tx: StoreTransaction,
    record: ReverificationRecord,
    method: ReverificationMethod,
    published: Published,
  ): Promise<MethodResult> {
    const at = this.#lifecycle.now().toISOString();
    const verifiedBy = [...record.verifiedBy, methodUse(method, at)];
    const done = verifiedBy.map((use) => use.method);
    let current: ReverificationRecord;
    if (isPolicySatisfied(record.methodPolicy, done)) {
      const skipped = { status: 'skipped', score: null } as const;
      const result = await this.#lifecycle.apply(
        tx,
        record,
        { type: 'methods_satisfied' },
        { verifiedBy, steps: { match: skipped, liveness: { ...skipped, method: null } } },
      );
      published.push(result.event);
      current = result.record;
    } else {
      current = { ...record, verifiedBy, updatedAt: at };
      await tx.updateReverification(current);
    }
    await this.audit(tx, record, method, 'verified', null);
    return {
      reverificationId: current.id,
      status: current.status,
      decision: current.decision,
      methods: await this.session(tx, current),
    };
  }

  /** Appends one factor audit entry inside `tx`. */
  async audit(
    tx: StoreTransaction,
    who: { readonly referenceId: string; readonly id?: string },
    method: ReverificationMethod,
    action: 'enrolled' | 'verified' | 'code_sent' | 'removed' | 'refused',
    code: string | null,
  ): Promise<void> {
    await tx.appendFactorAudit({
      referenceId: who.referenceId,
      reverificationId: who.id ?? null,
      method,
      action,
      code,
      occurredAt: this.#lifecycle.now().toISOString(),
    });
  }

  /**
   * Runs `work`; when it throws a {@link ReverifyError}, audits the refusal
   * (its code) in a transaction of its own and rethrows.
   */
  async audited<T>(
    who: { readonly referenceId: string; readonly id?: string },
    method: ReverificationMethod,
    work: () => Promise<T>,
  ): Promise<T> {
    try {
      return await work();
    } catch (error) {
      if (error instanceof ReverifyError) {
        await this.#lifecycle.store.transaction((tx) =>
          this.audit(tx, who, method, 'refused', error.code),
        );
      }
      throw error;
    }
  }
}
