import type { Enrollment, Metadata } from '@reverify/contract';
import { type ImageLimits, sanitizeImage } from '../image/sanitize-image.js';
import { ReverifyError } from '../plugin/errors.js';
import type { BiometricDeletion } from '../store/queries/captures.js';
import type { EnrollmentRecord } from '../store/queries/enrollments.js';
import type { FactorDeletion } from '../store/queries/factors.js';
import type { StoreTransaction } from '../store/store.js';
import type { CoreConfig } from './context.js';
import { newId } from './ids.js';
import type { Lifecycle } from './lifecycle.js';
import { callProvider } from './provider-call.js';
import { enrollmentResource } from './resources.js';

/** An enrollment request as the HTTP layer hands it over. */
export interface EnrollInput {
  readonly referenceId: string;
  readonly providerEnrollmentId?: string | undefined;
  readonly metadata?: Metadata | undefined;
  /** The reference selfie as uploaded (sanitized here). */
  readonly image?: Uint8Array | undefined;
}

function enrollmentNotFound(message: string, referenceId?: string): ReverifyError {
  return new ReverifyError(
    'enrollment_not_found',
    message,
    referenceId ? { details: { referenceId } } : undefined,
  );
}

/** Enrollment: who may be reverified, and the deletion of their biometric data. */
export class Enrollments {
  readonly #config: CoreConfig;
  readonly #lifecycle: Lifecycle;
  readonly #imageLimits: ImageLimits;

  constructor(config: CoreConfig, lifecycle: Lifecycle) {
    this.#config = config;
    this.#lifecycle = lifecycle;
    this.#imageLimits = config.imageLimits;
  }

  /**
   * Enrolls (or re-enrolls) a person from a reference selfie or a provider
   * enrollment id. Replaces an earlier enrollment of the same referenceId.
   */
  async enroll(input: EnrollInput): Promise<{ enrollment: Enrollment; created: boolean }> {
    if (!input.image && !input.providerEnrollmentId) {
      throw new ReverifyError(
        'invalid_request',
        'Send a reference selfie or a providerEnrollmentId.',
      );
    }
    const { provider, store } = this.#config;
    provider.admit?.();
    const image = input.image ? await sanitizeImage(input.image, this.#imageLimits) : null;
    const outcome = await callProvider('enroll', this.#config.providerTimeoutMs, (signal) =>
      provider.enroll(
        {
          referenceId: input.referenceId,
          image,
          providerEnrollmentId: input.providerEnrollmentId ?? null,
        },
        signal,
      ),
    );
    const at = this.#lifecycle.now().toISOString();
    return store.transaction(async (tx) => {
      const existing = await tx.getEnrollmentByReference(input.referenceId);
      const record: EnrollmentRecord = {
        id: existing?.id ?? newId('en'),
        referenceId: input.referenceId,
        status: outcome.status,
        provider: provider.name,
        providerEnrollmentId: outcome.providerEnrollmentId,
        failureReason: outcome.failureReason,
        metadata: input.metadata ?? {},
        createdAt: existing?.createdAt ?? at,
        updatedAt: at,
      };
      await tx.putEnrollment(record);
      await tx.putReferenceImage(record.id, outcome.status === 'success' ? image : null);
      return { enrollment: enrollmentResource(record), created: !existing };
    });
  }

  /** One enrollment by id. */
  async get(id: string): Promise<Enrollment> {
    const record = await this.#config.store.transaction((tx) => tx.getEnrollment(id));
    if (!record) throw enrollmentNotFound('No enrollment has this id.');
    return enrollmentResource(record);
  }

  /** The enrollment of a referenceId. */
  async find(referenceId: string): Promise<Enrollment> {
    const record = await this.#config.store.transaction((tx) =>
      tx.getEnrollmentByReference(referenceId),
    );
    if (!record) throw enrollmentNotFound('This referenceId is not enrolled.');
    return enrollmentResource(record);
  }

  /**
   * The successful enrollment of `referenceId` inside `tx`, creating it when
   * the provider enrolls implicitly (the sandbox's magic ids, VECU-style).
   *
   * @throws `enrollment_not_found`, `enrollment_not_ready`.
   */
  async requireEnrolled(tx: StoreTransaction, referenceId: string): Promise<EnrollmentRecord> {
    const { provider } = this.#config;
    let enrollment = await tx.getEnrollmentByReference(referenceId);
    if (!enrollment) {
      const implicit = provider.implicitEnrollment(referenceId);
      if (!implicit) throw enrollmentNotFound('This referenceId is not enrolled.', referenceId);
      const at = this.#lifecycle.now().toISOString();
      enrollment = {
        id: newId('en'),
        referenceId,
        provider: provider.name,
        metadata: {},
        createdAt: at,
        updatedAt: at,
        ...implicit,
      };
      await tx.putEnrollment(enrollment);
    }
    if (enrollment.status !== 'success') {
      throw new ReverifyError('enrollment_not_ready', `The enrollment is ${enrollment.status}.`, {
        details: { referenceId, enrollmentStatus: enrollment.status },
      });
    }
    return enrollment;
  }

  /**
   * Deletes every biometric image and template of a referenceId, here and at
   * the provider, and the passkeys, authenticator secret and code
   * destinations bound to it.
   */
  async deleteBiometricData(referenceId: string): Promise<BiometricDeletion & FactorDeletion> {
    const at = this.#lifecycle.now().toISOString();
    const deleted = await this.#config.store.transaction(async (tx) => ({
      ...(await tx.deleteBiometricData(referenceId, at)),
      // Passkeys, authenticator secrets and code destinations go with the face.
      ...(await tx.deleteFactors(referenceId)),
    }));
    await callProvider('delete', this.#config.providerTimeoutMs, () =>
      this.#config.provider.deleteReference(referenceId),
    );
    this.#config.logger.info({ referenceId, ...deleted }, 'biometric data deleted');
    return deleted;
  }
}
