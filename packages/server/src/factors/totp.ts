import type { MethodResult, TotpSetup } from '@reverify/contract';
import { generateSecret, generateURI, verify } from 'otplib';
import QRCode from 'qrcode';
import { addSeconds } from '../core/context.js';
import type { Lifecycle } from '../core/lifecycle.js';
import { ReverifyError } from '../plugin/errors.js';
import type { TotpRecord } from '../store/queries/factors.js';
import type { FactorGrants } from './factor-grants.js';
import type { FactorSettings } from './factor-settings.js';
import { type MethodSteps, requireMethodOpen } from './method-steps.js';
import type { SecretBox } from './secret-box.js';

/** Seconds a code may be off the server's clock: one 30-second step either way. */
const TOLERANCE_SECONDS = 30;

function wrongCode(): ReverifyError {
  return new ReverifyError('code_invalid', 'That code is wrong or was used already.');
}

/**
 * The authenticator app (TOTP, RFC 6238 via `otplib`): SHA-1, 6 digits, 30 s,
 * as every app expects. Set up with a factor token (a QR code of the
 * otpauth URI), confirmed by a first code; then a code satisfies the
 * `totp` method. A code is accepted one step either side, never twice
 * (nor any older one), and wrong codes in a row lock it for a while.
 */
export class Totp {
  readonly #lifecycle: Lifecycle;
  readonly #settings: FactorSettings;
  readonly #grants: FactorGrants;
  readonly #steps: MethodSteps;

  constructor(
    lifecycle: Lifecycle,
    settings: FactorSettings,
    grants: FactorGrants,
    steps: MethodSteps,
  ) {
    this.#lifecycle = lifecycle;
    this.#settings = settings;
    this.#grants = grants;
    this.#steps = steps;
  }

  #box(): SecretBox {
    if (!this.#settings.box) {
      throw new ReverifyError(
        'factor_unavailable',
        'The authenticator app needs factors.secretKey (REVERIFY_FACTOR_KEY) on this handler.',
      );
    }
    return this.#settings.box;
  }

  /**
   * Checks `code` against a sealed secret of `record`, minding the lock-out;
   * returns the record as it must be stored (failures counted, lock set, or
   * the time step recorded) and whether the code was right.
   */
  async #check(
    record: TotpRecord,
    sealed: string,
    code: string,
  ): Promise<{ next: TotpRecord; valid: boolean }> {
    const now = this.#lifecycle.now();
    if (record.lockedUntil && record.lockedUntil > now.toISOString()) {
      const seconds = Math.ceil((Date.parse(record.lockedUntil) - now.getTime()) / 1000);
      throw new ReverifyError('too_many_attempts', 'Too many wrong codes; wait and try again.', {
        retryAfterSeconds: seconds,
      });
    }
    const result = await verify({
      secret: this.#box().open(sealed, record.referenceId),
      token: code,
      epoch: Math.floor(now.getTime() / 1000),
      epochTolerance: TOLERANCE_SECONDS,
      ...(record.lastTimeStep === null ? {} : { afterTimeStep: record.lastTimeStep }),
    });
    if (result.valid && 'timeStep' in result) {
      return {
        valid: true,
        next: { ...record, lastTimeStep: result.timeStep, failures: 0, lockedUntil: null },
      };
    }
    const failures = record.failures + 1;
    const { maxFailures, lockoutSeconds } = this.#settings.totp;
    return {
      valid: false,
      next: {
        ...record,
        failures: failures >= maxFailures ? 0 : failures,
        lockedUntil: failures >= maxFailures ? addSeconds(now, lockoutSeconds) : null,
      },
    };
  }

  /** A new secret for the person of a factor token, waiting for its first code. */
  async setup(factorToken: string): Promise<TotpSetup> {
    const box = this.#box();
    return this.#lifecycle.store.transaction(async (tx) => {
      const grant = await this.#grants.authorize(tx, factorToken);
      const secret = generateSecret();
      const existing = await tx.getTotp(grant.referenceId);
      const expiresAt = addSeconds(this.#lifecycle.now(), this.#settings.factorTokenSeconds);
      await tx.putTotp({
        referenceId: grant.referenceId,
        secretCiphertext: existing?.secretCiphertext ?? null,
        confirmedAt: existing?.confirmedAt ?? null,
        pendingCiphertext: box.seal(secret, grant.referenceId),
        pendingExpiresAt: expiresAt,
        lastTimeStep: existing?.lastTimeStep ?? null,
        failures: existing?.failures ?? 0,
        lockedUntil: existing?.lockedUntil ?? null,
      });
      const otpauthUri = generateURI({
        issuer: this.#settings.issuer,
        label: grant.referenceId,
        secret,
      });
      const qrSvg = await QRCode.toString(otpauthUri, { type: 'svg', margin: 1 });
      return { otpauthUri, qrSvg, secret, expiresAt };
    });
  }

  /**
   * Confirms the waiting secret with its first code: it replaces the old one.
   *
   * @throws `factor_not_enrolled` (no set-up waiting), `code_invalid`, `too_many_attempts`.
   */
  async confirm(factorToken: string, code: string): Promise<{ confirmedAt: string }> {
    const grant = await this.#lifecycle.store.transaction((tx) =>
      this.#grants.authorize(tx, factorToken),
    );
    return this.#steps.audited(grant, 'totp', async () => {
      const at = this.#lifecycle.now().toISOString();
      const outcome = await this.#lifecycle.store.transaction(async (tx) => {
        const record = await tx.getTotp(grant.referenceId);
        if (
          !record?.pendingCiphertext ||
          !record.pendingExpiresAt ||
          record.pendingExpiresAt <= at
        ) {
          throw new ReverifyError(
            'factor_not_enrolled',
            'No authenticator set-up is waiting; start again.',
          );
        }
        const { next, valid } = await this.#check(record, record.pendingCiphertext, code);
        if (!valid) {
          await tx.putTotp(next);
          return false;
        }
        await tx.putTotp({
          ...next,
          secretCiphertext: record.pendingCiphertext,
          confirmedAt: at,
          pendingCiphertext: null,
          pendingExpiresAt: null,
        });
        await this.#steps.audit(tx, grant, 'totp', 'enrolled', null);
        return true;
      });
      if (!outcome) throw wrongCode();
      return { confirmedAt: at };
    });
  }

  /**
   * A code for a reverification's `totp` method.
   *
   * @throws `factor_not_enrolled`, `code_invalid`, `too_many_attempts`, `method_not_offered`.
   */
  async verify(clientToken: string, code: string): Promise<MethodResult> {
    const record = await this.#lifecycle.transact((tx, published) =>
      this.#steps.reverificationOf(tx, clientToken, published),
    );
    return this.#steps.audited(record, 'totp', async () => {
      requireMethodOpen(record, 'totp');
      const outcome = await this.#lifecycle.transact(async (tx, published) => {
        const current = await this.#lifecycle.current(tx, record.id, published);
        requireMethodOpen(current, 'totp');
        const totp = await tx.getTotp(current.referenceId);
        if (!totp?.secretCiphertext) {
          throw new ReverifyError('factor_not_enrolled', 'This person has no authenticator app.');
        }
        const { next, valid } = await this.#check(totp, totp.secretCiphertext, code);
        await tx.putTotp(next);
        return valid ? this.#steps.complete(tx, current, 'totp', published) : null;
      });
      if (!outcome) throw wrongCode();
      return outcome;
    });
  }
}
