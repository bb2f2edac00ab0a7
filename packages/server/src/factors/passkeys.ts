import type { MethodResult, PasskeySummary } from '@reverify/contract';
import {
  type AuthenticationResponseJSON,
  generateAuthenticationOptions,
  generateRegistrationOptions,
  type RegistrationResponseJSON,
  verifyAuthenticationResponse,
  verifyRegistrationResponse,
} from '@simplewebauthn/server';
import { addSeconds } from '../core/context.js';
import { hashSecret } from '../core/ids.js';
import type { Lifecycle } from '../core/lifecycle.js';
import { ReverifyError } from '../plugin/errors.js';
import type { FactorChallengePurpose, PasskeyRecord } from '../store/queries/factors.js';
import type { StoreTransaction } from '../store/store.js';
import type { FactorGrants } from './factor-grants.js';
import type { FactorSettings } from './factor-settings.js';
import { type MethodSteps, requireMethodOpen } from './method-steps.js';

/** What a passkey is listed as: never its public key. */
export function passkeySummary(record: PasskeyRecord): PasskeySummary {
  return {
    id: record.id,
    name: record.name,
    deviceType: record.deviceType,
    backedUp: record.backedUp,
    createdAt: record.createdAt,
    lastUsedAt: record.lastUsedAt,
  };
}

/** The WebAuthn error of a failed check, typed: a regressed counter is a cloned authenticator. */
function passkeyError(error: unknown): ReverifyError {
  if (error instanceof ReverifyError) return error;
  const message = error instanceof Error ? error.message : String(error);
  if (/counter value/i.test(message)) {
    return new ReverifyError(
      'passkey_counter_regressed',
      'This passkey signed with a counter lower than its last one: it may be a copy. It was refused.',
      { cause: error },
    );
  }
  return new ReverifyError('passkey_invalid', `The passkey answer was refused: ${message}`, {
    cause: error,
  });
}

/**
 * Passkeys (WebAuthn, `@simplewebauthn/server`): bound with a factor token,
 * asked for with user verification required. Every challenge is one-time,
 * short-lived, kept as SHA-256 and tied to its person (and reverification);
 * origin and RP ID are checked, and a counter that goes backwards is refused.
 */
export class Passkeys {
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

  #rpId(): string {
    if (!this.#settings.rpId) {
      throw new ReverifyError(
        'factor_unavailable',
        'Passkeys need a relying-party id: set allowedOrigins or factors.rpId.',
      );
    }
    return this.#settings.rpId;
  }

  async #storeChallenge(
    tx: StoreTransaction,
    challenge: string,
    purpose: FactorChallengePurpose,
    referenceId: string,
    reverificationId: string | null,
  ): Promise<void> {
    const now = this.#lifecycle.now();
    await tx.insertFactorChallenge({
      hash: hashSecret(challenge),
      purpose,
      referenceId,
      reverificationId,
      destinationHash: null,
      codeHash: null,
      attempts: 0,
      createdAt: now.toISOString(),
      expiresAt: addSeconds(now, this.#settings.challengeSeconds),
      usedAt: null,
    });
  }

  /**
   * Spends the challenge a WebAuthn answer signed, in its own transaction
   * (a failed answer spends it too, so it is never replayed).
   *
   * @throws `challenge_invalid` (unknown, used, another person's or
   *   reverification's), `challenge_expired`.
   */
  async #spendChallenge(
    challenge: string,
    purpose: FactorChallengePurpose,
    owner: { readonly referenceId: string; readonly reverificationId: string | null },
  ): Promise<true> {
    const at = this.#lifecycle.now().toISOString();
    await this.#lifecycle.store.transaction(async (tx) => {
      const found = await tx.getFactorChallenge(hashSecret(challenge));
      if (
        !found ||
        found.usedAt !== null ||
        found.purpose !== purpose ||
        found.referenceId !== owner.referenceId ||
        found.reverificationId !== owner.reverificationId
      ) {
        throw new ReverifyError(
          'challenge_invalid',
          'This passkey challenge is unknown, used already or not this one’s; ask for new options.',
        );
      }
      await tx.updateFactorChallenge({ ...found, usedAt: at });
      if (found.expiresAt <= at) {
        throw new ReverifyError('challenge_expired', 'The passkey challenge expired; try again.');
      }
    });
    return true;
  }

  /** WebAuthn creation options for the person of a factor token. */
  async registrationOptions(factorToken: string): Promise<unknown> {
    const rpID = this.#rpId();
    return this.#lifecycle.store.transaction(async (tx) => {
      const grant = await this.#grants.authorize(tx, factorToken);
      const existing = await tx.listPasskeys(grant.referenceId);
      const options = await generateRegistrationOptions({
        rpName: this.#settings.rpName,
        rpID,
        userName: grant.referenceId,
        // A stable handle that is not the referenceId itself.
        userID: new TextEncoder().encode(hashSecret(`user:${grant.referenceId}`).slice(0, 32)),
        attestationType: 'none',
        excludeCredentials: existing.map((p) => ({ id: p.id, transports: [...p.transports] })),
        authenticatorSelection: { residentKey: 'preferred', userVerification: 'required' },
        timeout: this.#settings.challengeSeconds * 1000,
      });
      await this.#storeChallenge(
        tx,
        options.challenge,
        'passkey_registration',
        grant.referenceId,
        null,
      );
      return options;
    });
  }

  /**
   * Verifies a registration answer and stores the passkey (its public key).
   *
   * @throws `unauthorized`/`token_expired`, `challenge_invalid`/`challenge_expired`, `passkey_invalid`.
   */
  async register(
    factorToken: string,
    response: Record<string, unknown>,
    name: string | undefined,
  ): Promise<PasskeySummary> {
    const rpID = this.#rpId();
    const grant = await this.#lifecycle.store.transaction((tx) =>
      this.#grants.authorize(tx, factorToken),
    );
    return this.#steps.audited(grant, 'passkey', async () => {
      let verified: Awaited<ReturnType<typeof verifyRegistrationResponse>>;
      try {
        verified = await verifyRegistrationResponse({
          response: response as unknown as RegistrationResponseJSON,
          expectedChallenge: (challenge) =>
            this.#spendChallenge(challenge, 'passkey_registration', {
              referenceId: grant.referenceId,
              reverificationId: null,
            }),
          expectedOrigin: [...this.#settings.origins],
          expectedRPID: rpID,
          requireUserVerification: true,
        });
      } catch (error) {
        throw passkeyError(error);
      }
      if (!verified.verified) throw passkeyError(new Error('not verified'));
      const info = verified.registrationInfo;
      const record: PasskeyRecord = {
        id: info.credential.id,
        referenceId: grant.referenceId,
        name: name ?? 'Passkey',
        publicKey: info.credential.publicKey,
        counter: info.credential.counter,
        transports: info.credential.transports ?? [],
        deviceType: info.credentialDeviceType,
        backedUp: info.credentialBackedUp,
        createdAt: this.#lifecycle.now().toISOString(),
        lastUsedAt: null,
      };
      await this.#lifecycle.store.transaction(async (tx) => {
        if (await tx.getPasskey(record.id)) {
          throw new ReverifyError('passkey_invalid', 'This passkey is registered already.');
        }
        await tx.insertPasskey(record);
        await this.#steps.audit(tx, grant, 'passkey', 'enrolled', null);
      });
      return passkeySummary(record);
    });
  }

  /** WebAuthn request options for a reverification's person, with their passkeys. */
  async authenticationOptions(clientToken: string): Promise<unknown> {
    const rpID = this.#rpId();
    return this.#lifecycle.transact(async (tx, published) => {
      const record = await this.#steps.reverificationOf(tx, clientToken, published);
      requireMethodOpen(record, 'passkey');
      const passkeys = await tx.listPasskeys(record.referenceId);
      if (passkeys.length === 0) {
        throw new ReverifyError('factor_not_enrolled', 'This person has no passkey.');
      }
      const options = await generateAuthenticationOptions({
        rpID,
        allowCredentials: passkeys.map((p) => ({ id: p.id, transports: [...p.transports] })),
        userVerification: 'required',
        timeout: this.#settings.challengeSeconds * 1000,
      });
      await this.#storeChallenge(
        tx,
        options.challenge,
        'passkey_authentication',
        record.referenceId,
        record.id,
      );
      return options;
    });
  }

  /**
   * Verifies an authentication answer for a reverification: the passkey
   * must be its person's, the counter must move forward.
   *
   * @throws `challenge_invalid`/`challenge_expired`, `passkey_invalid`,
   *   `passkey_counter_regressed`, `method_not_offered`.
   */
  async authenticate(
    clientToken: string,
    response: Record<string, unknown>,
  ): Promise<MethodResult> {
    const rpID = this.#rpId();
    const record = await this.#lifecycle.transact((tx, published) =>
      this.#steps.reverificationOf(tx, clientToken, published),
    );
    return this.#steps.audited(record, 'passkey', async () => {
      requireMethodOpen(record, 'passkey');
      const answer = response as unknown as AuthenticationResponseJSON;
      const passkey = await this.#lifecycle.store.transaction((tx) =>
        tx.getPasskey(String(answer.id)),
      );
      if (!passkey || passkey.referenceId !== record.referenceId) {
        throw new ReverifyError('passkey_invalid', 'This passkey is not one of this person’s.');
      }
      let newCounter: number;
      try {
        const verified = await verifyAuthenticationResponse({
          response: answer,
          expectedChallenge: (challenge) =>
            this.#spendChallenge(challenge, 'passkey_authentication', {
              referenceId: record.referenceId,
              reverificationId: record.id,
            }),
          expectedOrigin: [...this.#settings.origins],
          expectedRPID: rpID,
          credential: {
            id: passkey.id,
            publicKey: new Uint8Array(passkey.publicKey),
            counter: passkey.counter,
            transports: [...passkey.transports] as never,
          },
          requireUserVerification: true,
        });
        if (!verified.verified) throw new Error('not verified');
        newCounter = verified.authenticationInfo.newCounter;
      } catch (error) {
        throw passkeyError(error);
      }
      return this.#lifecycle.transact(async (tx, published) => {
        const current = await this.#lifecycle.current(tx, record.id, published);
        requireMethodOpen(current, 'passkey');
        const at = this.#lifecycle.now().toISOString();
        await tx.updatePasskeyUse(passkey.id, newCounter, at);
        return this.#steps.complete(tx, current, 'passkey', published);
      });
    });
  }
}
