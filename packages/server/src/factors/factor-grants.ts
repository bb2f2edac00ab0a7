import type { FactorToken } from '@reverify/contract';
import { addSeconds } from '../core/context.js';
import { hashSecret } from '../core/ids.js';
import type { Lifecycle } from '../core/lifecycle.js';
import { findClientToken } from '../core/tokens.js';
import { ReverifyError } from '../plugin/errors.js';
import { newSecret } from '../plugin/random.js';
import type { FactorTokenRecord } from '../store/queries/factors.js';
import type { StoreTransaction } from '../store/store.js';
import type { FactorSettings } from './factor-settings.js';

function notAllowed(why: string): ReverifyError {
  return new ReverifyError(
    'factor_enrolment_not_allowed',
    `A passkey or an authenticator is bound only right after an approved selfie: ${why}`,
  );
}

/**
 * Factor tokens: the only way to bind a passkey or an authenticator app
 * to a person, minted only within `enrolmentWindowSeconds` of an approved
 * selfie of that person (a reverification the selfie approved, or a
 * selfie enrollment). Stored as SHA-256; they expire, and deleting the
 * person's data removes them.
 */
export class FactorGrants {
  readonly #lifecycle: Lifecycle;
  readonly #settings: FactorSettings;

  constructor(lifecycle: Lifecycle, settings: FactorSettings) {
    this.#lifecycle = lifecycle;
    this.#settings = settings;
  }

  #withinWindow(since: string): boolean {
    const limit = addSeconds(new Date(since), this.#settings.enrolmentWindowSeconds);
    return limit > this.#lifecycle.now().toISOString();
  }

  async #mint(tx: StoreTransaction, referenceId: string, grantedBy: string): Promise<FactorToken> {
    const factorToken = newSecret('rvf');
    const expiresAt = addSeconds(this.#lifecycle.now(), this.#settings.factorTokenSeconds);
    await tx.insertFactorToken({
      hash: hashSecret(factorToken),
      referenceId,
      grantedBy,
      expiresAt,
    });
    return { factorToken, referenceId, expiresAt };
  }

  /**
   * A factor token for the browser whose client token belongs to a
   * reverification the selfie approved a moment ago.
   *
   * @throws `unauthorized`, `forbidden` (not a client token), `factor_enrolment_not_allowed`.
   */
  async fromClientToken(clientToken: string): Promise<FactorToken> {
    return this.#lifecycle.store.transaction(async (tx) => {
      const token = await findClientToken(tx, clientToken);
      const record = await tx.getReverification(token.reverificationId);
      const selfie = record?.verifiedBy.find((use) => use.method === 'selfie');
      if (record?.decision !== 'approved' || !selfie) {
        throw notAllowed('this reverification was not approved by a selfie.');
      }
      if (!this.#withinWindow(selfie.completedAt)) {
        throw notAllowed('the selfie was approved too long ago.');
      }
      return this.#mint(tx, record.referenceId, record.id);
    });
  }

  /**
   * A factor token for the integrator's server right after a successful
   * selfie enrollment of `referenceId`.
   *
   * @throws `enrollment_not_found`, `factor_enrolment_not_allowed`.
   */
  async fromEnrollment(referenceId: string): Promise<FactorToken> {
    return this.#lifecycle.store.transaction(async (tx) => {
      const enrollment = await tx.getEnrollmentByReference(referenceId);
      if (!enrollment) {
        throw new ReverifyError('enrollment_not_found', 'This referenceId is not enrolled.');
      }
      if (enrollment.status !== 'success') throw notAllowed('the enrollment did not succeed.');
      if (!this.#withinWindow(enrollment.updatedAt)) {
        throw notAllowed('the enrollment is too old; reverify with a selfie first.');
      }
      return this.#mint(tx, referenceId, enrollment.id);
    });
  }

  /**
   * The grant of a factor token inside `tx`.
   *
   * @throws `unauthorized` (unknown), `token_expired`.
   */
  async authorize(tx: StoreTransaction, factorToken: string): Promise<FactorTokenRecord> {
    const grant = await tx.getFactorToken(hashSecret(factorToken));
    if (!grant) throw new ReverifyError('unauthorized', 'Unknown factor token.');
    if (grant.expiresAt <= this.#lifecycle.now().toISOString()) {
      throw new ReverifyError('token_expired', 'The factor token has expired.');
    }
    return grant;
  }
}
