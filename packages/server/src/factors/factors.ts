import type { FactorAudit, Factors as FactorsResource } from '@reverify/contract';
import type { Lifecycle } from '../core/lifecycle.js';
import { normalizePhoneNumber } from '../handoff/phone-number.js';
import { ReverifyError } from '../plugin/errors.js';
import { maskRecipient } from '../plugin/notifier.js';
import { OneTimeCodes } from './codes.js';
import { FactorGrants } from './factor-grants.js';
import type { FactorSettings } from './factor-settings.js';
import { MethodSteps } from './method-steps.js';
import { Passkeys, passkeySummary } from './passkeys.js';
import { Totp } from './totp.js';

/**
 * The methods beside the selfie, and what the integrator's server manages
 * of them: a person's passkeys, authenticator app and code destinations.
 */
export class Factors {
  readonly steps: MethodSteps;
  readonly grants: FactorGrants;
  readonly passkeys: Passkeys;
  readonly totp: Totp;
  readonly codes: OneTimeCodes;
  readonly #lifecycle: Lifecycle;
  readonly #smsCountries: readonly string[] | null;

  constructor(
    lifecycle: Lifecycle,
    settings: FactorSettings,
    smsCountries: readonly string[] | null,
  ) {
    this.#lifecycle = lifecycle;
    this.#smsCountries = smsCountries;
    this.steps = new MethodSteps(lifecycle, settings);
    this.grants = new FactorGrants(lifecycle, settings);
    this.passkeys = new Passkeys(lifecycle, settings, this.grants, this.steps);
    this.totp = new Totp(lifecycle, settings, this.grants, this.steps);
    this.codes = new OneTimeCodes(lifecycle, settings, this.steps);
  }

  /**
   * A person's factors (passkeys listed, contacts masked).
   *
   * @throws `enrollment_not_found`.
   */
  async list(referenceId: string): Promise<FactorsResource> {
    return this.#lifecycle.store.transaction(async (tx) => {
      if (!(await tx.getEnrollmentByReference(referenceId))) {
        throw new ReverifyError('enrollment_not_found', 'This referenceId is not enrolled.');
      }
      const [passkeys, totp, contacts] = await Promise.all([
        tx.listPasskeys(referenceId),
        tx.getTotp(referenceId),
        tx.getContacts(referenceId),
      ]);
      return {
        referenceId,
        passkeys: passkeys.map(passkeySummary),
        totp: totp?.confirmedAt ? { confirmedAt: totp.confirmedAt } : null,
        contacts: {
          phoneNumber: contacts?.phoneNumber ? maskRecipient(contacts.phoneNumber) : null,
          email: contacts?.email ? maskRecipient(contacts.email) : null,
        },
      };
    });
  }

  /** A person's factor audit, oldest first: bindings, uses, codes sent, refusals. */
  async audit(referenceId: string): Promise<FactorAudit> {
    const entries = await this.#lifecycle.store.transaction((tx) =>
      tx.listFactorAudit(referenceId),
    );
    return { entries };
  }

  /**
   * Sets where a person's codes go (`null` removes one; absent keeps it).
   * The phone number is normalized to E.164 and held to `handoff.smsCountries`.
   *
   * @throws `enrollment_not_found`, `invalid_request` (a number that cannot be texted).
   */
  async putContacts(
    referenceId: string,
    given: {
      readonly phoneNumber?: string | null | undefined;
      readonly email?: string | null | undefined;
    },
  ): Promise<FactorsResource> {
    const phoneNumber =
      typeof given.phoneNumber === 'string'
        ? normalizePhoneNumber(given.phoneNumber, {
            ...(this.#smsCountries ? { countries: this.#smsCountries } : {}),
          }).e164
        : given.phoneNumber;
    await this.#lifecycle.store.transaction(async (tx) => {
      if (!(await tx.getEnrollmentByReference(referenceId))) {
        throw new ReverifyError('enrollment_not_found', 'This referenceId is not enrolled.');
      }
      const existing = await tx.getContacts(referenceId);
      await tx.putContacts({
        referenceId,
        phoneNumber: phoneNumber === undefined ? (existing?.phoneNumber ?? null) : phoneNumber,
        email:
          given.email === undefined
            ? (existing?.email ?? null)
            : (given.email?.toLowerCase() ?? null),
        updatedAt: this.#lifecycle.now().toISOString(),
      });
    });
    return this.list(referenceId);
  }

  /**
   * Removes one passkey or the authenticator app of a person.
   *
   * @throws `not_found` when the person has no such factor.
   */
  async remove(
    referenceId: string,
    factor: { readonly passkeyId: string } | 'totp',
  ): Promise<FactorsResource> {
    await this.#lifecycle.store.transaction(async (tx) => {
      const who = { referenceId };
      if (factor === 'totp') {
        const totp = await tx.getTotp(referenceId);
        if (!totp?.confirmedAt)
          throw new ReverifyError('not_found', 'No authenticator app is set up.');
        await tx.putTotp({
          ...totp,
          secretCiphertext: null,
          confirmedAt: null,
          lastTimeStep: null,
        });
        await this.steps.audit(tx, who, 'totp', 'removed', null);
        return;
      }
      if (!(await tx.deletePasskey(referenceId, factor.passkeyId))) {
        throw new ReverifyError('not_found', 'This person has no passkey of this id.');
      }
      await this.steps.audit(tx, who, 'passkey', 'removed', null);
    });
    return this.list(referenceId);
  }
}
