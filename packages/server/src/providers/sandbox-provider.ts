import type { SandboxOutcome } from '@reverify/contract';
import { isPresenceVerifier } from '../plugin/presence.js';
import type {
  EnrollOutcome,
  FaceMatchProvider,
  MatchOutcome,
  OpenMatchRequest,
  ProviderContext,
} from '../plugin/provider.js';
import { newSecret } from '../plugin/random.js';

/** Options of {@link createSandboxProvider}. */
export interface SandboxProviderOptions {
  /** Milliseconds before a verdict, like a real provider's processing. Default 800. */
  readonly latencyMs?: number;
  /** Milliseconds before the verdict of the `slow` outcome. Default 8000. */
  readonly slowLatencyMs?: number;
}

/** The prefix of the sandbox's magic referenceIds. */
export const SANDBOX_PREFIX = 'sandbox_';

/**
 * Magic referenceIds and what they do. Each is enrolled implicitly, except
 * `sandbox_not_enrolled`, which never is.
 */
export const SANDBOX_REFERENCE_IDS = {
  sandbox_approved: 'approved',
  sandbox_rejected: 'rejected',
  sandbox_manual_review: 'manual_review',
  sandbox_failed: 'failed',
  sandbox_expired: 'expired',
  sandbox_slow: 'slow',
  sandbox_liveness_failed: 'liveness_failed',
  sandbox_liveness_review: 'liveness_review',
} as const satisfies Record<string, SandboxOutcome>;

const NOT_ENROLLED = 'sandbox_not_enrolled';

/** The verdict each sandbox outcome produces (`slow` approves, later). */
const APPROVED: MatchOutcome = {
  kind: 'decided',
  decision: 'approved',
  reasons: ['selfie_match', 'liveness_passed'],
  matchScore: 0.97,
  livenessScore: 0.95,
};
const VERDICTS: Record<Exclude<SandboxOutcome, 'expired'>, MatchOutcome> = {
  approved: APPROVED,
  slow: APPROVED,
  rejected: {
    kind: 'decided',
    decision: 'rejected',
    reasons: ['selfie_no_match', 'liveness_passed'],
    matchScore: 0.21,
    livenessScore: 0.93,
  },
  manual_review: {
    kind: 'decided',
    decision: 'manual_review',
    reasons: ['selfie_unclear', 'liveness_passed'],
    matchScore: 0.66,
    livenessScore: 0.9,
  },
  liveness_failed: {
    kind: 'decided',
    decision: 'approved',
    reasons: ['selfie_match', 'liveness_failed'],
    matchScore: 0.96,
    livenessScore: 0.08,
  },
  liveness_review: {
    kind: 'decided',
    decision: 'approved',
    reasons: ['selfie_match', 'liveness_uncertain'],
    matchScore: 0.96,
    livenessScore: 0.5,
  },
  failed: { kind: 'failed', reasons: ['provider_error'], message: 'sandbox: forced failure' },
};

/**
 * The sandbox face-match provider: no account, no network, deterministic.
 * The outcome is the session's `sandboxOutcome` if set, else the one named by
 * a magic referenceId ({@link SANDBOX_REFERENCE_IDS}), else `approved`.
 * `expired` never answers, so the reverification times out.
 */
export function createSandboxProvider(options: SandboxProviderOptions = {}): FaceMatchProvider {
  const latencyMs = options.latencyMs ?? 800;
  const slowLatencyMs = options.slowLatencyMs ?? 8000;
  const timers = new Set<NodeJS.Timeout>();
  let context: ProviderContext | undefined;

  return {
    name: 'sandbox',
    production: false,
    async start(ctx) {
      context = ctx;
    },
    // Verdicts are timers in this process: a restart loses them.
    lostOnRestart: () => true,
    // Its forced outcomes include the liveness result.
    decidesLiveness: () => true,
    implicitEnrollment(referenceId): EnrollOutcome | null {
      return Object.hasOwn(SANDBOX_REFERENCE_IDS, referenceId)
        ? { status: 'success', providerEnrollmentId: `sbx_${referenceId}`, failureReason: null }
        : null;
    },
    async enroll(request) {
      if (request.referenceId === NOT_ENROLLED) {
        return { status: 'failure', providerEnrollmentId: null, failureReason: 'no_face' };
      }
      return {
        status: 'success',
        providerEnrollmentId: request.providerEnrollmentId ?? newSecret('sbx'),
        failureReason: null,
      };
    },
    async startMatch(request) {
      const magic = Object.hasOwn(SANDBOX_REFERENCE_IDS, request.referenceId)
        ? SANDBOX_REFERENCE_IDS[request.referenceId as keyof typeof SANDBOX_REFERENCE_IDS]
        : undefined;
      const outcome: SandboxOutcome = request.sandboxOutcome ?? magic ?? 'approved';
      const providerReference = newSecret('sbxm');
      if (outcome !== 'expired') {
        const timer = setTimeout(
          () => {
            timers.delete(timer);
            context?.report(request.reverificationId, VERDICTS[outcome]).catch((error: unknown) => {
              context?.logger.error(
                { reverificationId: request.reverificationId, error: String(error) },
                'sandbox report failed',
              );
            });
          },
          outcome === 'slow' ? slowLatencyMs : latencyMs,
        );
        timers.add(timer);
      }
      return { providerReference };
    },
    async deleteReference() {
      // The sandbox keeps nothing about a person.
    },
    async close() {
      for (const timer of timers) clearTimeout(timer);
      timers.clear();
    },
  };
}

/**
 * A real provider with the sandbox's forced outcomes on top, for demos and
 * staging: magic referenceIds and sessions with `sandboxOutcome` go to the
 * sandbox; everyone else is matched by `provider`. Sandbox mode only.
 */
export function withSandboxOutcomes(
  provider: FaceMatchProvider,
  sandbox: FaceMatchProvider = createSandboxProvider(),
): FaceMatchProvider {
  const forced = (referenceId: string, outcome: SandboxOutcome | null = null) =>
    outcome !== null ||
    Object.hasOwn(SANDBOX_REFERENCE_IDS, referenceId) ||
    referenceId === NOT_ENROLLED;
  return {
    name: provider.name,
    production: false,
    async start(context) {
      await Promise.all([provider.start(context), sandbox.start(context)]);
    },
    admit: () => provider.admit?.(),
    lostOnRestart: (match) =>
      forced(match.referenceId, match.sandboxOutcome) || (provider.lostOnRestart?.(match) ?? false),
    decidesLiveness: (match) =>
      forced(match.referenceId, match.sandboxOutcome) ||
      (provider.decidesLiveness?.(match) ?? false),
    implicitEnrollment: (referenceId) =>
      forced(referenceId)
        ? sandbox.implicitEnrollment(referenceId)
        : provider.implicitEnrollment(referenceId),
    enroll: (request, signal) =>
      (forced(request.referenceId) ? sandbox : provider).enroll(request, signal),
    ...(provider.openMatch
      ? {
          openMatch: (request: OpenMatchRequest, signal: AbortSignal) =>
            forced(request.referenceId, request.sandboxOutcome)
              ? Promise.resolve({ providerReference: null })
              : (provider.openMatch as NonNullable<FaceMatchProvider['openMatch']>)(
                  request,
                  signal,
                ),
        }
      : {}),
    ...(provider.receiveWebhook ? { receiveWebhook: provider.receiveWebhook.bind(provider) } : {}),
    // Forced outcomes decide their own liveness, so only the real provider's matches reach it.
    ...(isPresenceVerifier(provider)
      ? { verifyPresence: provider.verifyPresence.bind(provider) }
      : {}),
    startMatch: (request, signal) =>
      (forced(request.referenceId, request.sandboxOutcome) ? sandbox : provider).startMatch(
        request,
        signal,
      ),
    async deleteReference(referenceId) {
      await Promise.all([
        provider.deleteReference(referenceId),
        sandbox.deleteReference(referenceId),
      ]);
    },
    async close() {
      await Promise.all([provider.close(), sandbox.close()]);
    },
  };
}
