import { availableParallelism } from 'node:os';
import { fileURLToPath } from 'node:url';
import {
  type FaceMatchProvider,
  type PresenceVerifier,
  type ProviderContext,
  ReverifyError,
} from '@reverify/server/provider';
import { Piscina } from 'piscina';
import {
  cosineSimilarity,
  DEFAULT_THRESHOLDS,
  decideMatch,
  faceProblem,
  type MatchThresholds,
  templateBytes,
  templateFrom,
} from './decision.js';
import type { Analysis } from './face-analyzer.js';
import {
  DEFAULT_PRESENCE_THRESHOLDS,
  judgePresence,
  type PresenceThresholds,
} from './presence/judge.js';
import { RecentAnalyses } from './recent-analyses.js';

/** Options of {@link createLocalProvider}. */
export interface LocalProviderOptions {
  /** Decision thresholds; calibrate them on your own data (`reverify-calibrate`). */
  readonly thresholds?: Partial<MatchThresholds>;
  /** When a head-turn challenge counts as a live person; calibrate with `pnpm bench:liveness`. */
  readonly presence?: Partial<PresenceThresholds>;
  /** Worker threads, each with its own models (~300 MB). Default: the number of cores. */
  readonly threads?: number;
  /** Images waiting beyond the busy threads before uploads get 429. Default 16. */
  readonly maxQueue?: number;
  /**
   * Fuse FaceRes's Keras-style blocks (conv, batch-norm, ReLU6 as five ops)
   * into single convolutions when the models load: the same embeddings to
   * float32 rounding, a third less time per match. Default true; false
   * loads the models exactly as published (`bench:match` measures both).
   */
  readonly fuseModels?: boolean;
  /** Extra Node flags for the workers (tests use it). */
  readonly workerExecArgv?: readonly string[];
}

/** The local provider with its pool: a face matcher and a presence verifier. */
export interface LocalProvider extends FaceMatchProvider, PresenceVerifier {
  /** Analyses one sanitized JPEG in the pool. */
  analyse(jpeg: Uint8Array): Promise<Analysis>;
}

/**
 * Real face matching on your own server, with npm packages only: Human's
 * BlazeFace + FaceMesh + FaceRes on TensorFlow.js's wasm backend, in a
 * worker-thread pool sized to the cores with a bounded queue (full → the
 * handler answers 429 with `Retry-After`). Enrollment keeps one FaceRes
 * embedding per person (4 KB) in the handler's store; a selfie is compared
 * by cosine similarity. It also verifies the handler's head-turn
 * challenges (`verifyPresence`): one person in every keyframe, each turn
 * the asked way with the parallax of a real head, and back to the centre.
 */
export function createLocalProvider(options: LocalProviderOptions = {}): LocalProvider {
  const thresholds: MatchThresholds = { ...DEFAULT_THRESHOLDS, ...options.thresholds };
  const presenceThresholds = { ...DEFAULT_PRESENCE_THRESHOLDS, ...options.presence };
  const threads = Math.max(1, options.threads ?? availableParallelism());
  const maxQueue = options.maxQueue ?? 16;
  const fromSource = import.meta.url.endsWith('.ts');
  let pool: Piscina | null = null;
  let context: ProviderContext | undefined;
  let averageMs = 150;
  let inFlight = 0;

  const recent = new RecentAnalyses<Analysis>();
  const analyse = async (jpeg: Uint8Array): Promise<Analysis> => {
    if (!pool) throw new ReverifyError('provider_unavailable', 'The local matcher is not started.');
    inFlight += 1;
    try {
      const analysis = (await pool.run({ jpeg })) as Analysis;
      averageMs = averageMs * 0.9 + analysis.ms * 0.1;
      return analysis;
    } finally {
      inFlight -= 1;
    }
  };
  // The frontal keyframe is the selfie the match analyses: the same bytes, analysed once.
  const run = (jpeg: Uint8Array) => recent.get(jpeg, analyse);

  return {
    name: 'local',
    production: true,
    // Matches run in this process's worker pool: a restart loses them, and the handler restarts them.
    lostOnRestart: () => true,
    async start(ctx) {
      context = ctx;
      pool = new Piscina({
        filename: fileURLToPath(
          new URL(fromSource ? './worker-source.mjs' : './worker.js', import.meta.url),
        ),
        minThreads: threads,
        maxThreads: threads,
        maxQueue,
        idleTimeout: Number.POSITIVE_INFINITY,
        execArgv: [...(options.workerExecArgv ?? [])],
        workerData: { fuseModels: options.fuseModels !== false },
      });
      // One warm-up per thread, so models are loaded before the first selfie.
      await Promise.all(Array.from({ length: threads }, () => pool?.run({})));
    },
    admit() {
      if (inFlight >= threads + maxQueue) {
        throw new ReverifyError('server_busy', 'The face matcher is busy; retry shortly.', {
          retryAfterSeconds: Math.max(
            1,
            Math.ceil(((inFlight - threads + 1) * averageMs) / threads / 1000),
          ),
        });
      }
    },
    implicitEnrollment: () => null,
    async enroll(request) {
      if (!request.image) {
        throw new ReverifyError(
          'invalid_request',
          'The local matcher enrolls from a reference selfie, not a provider enrollment id.',
        );
      }
      const analysis = await run(request.image.bytes);
      const problem = faceProblem(analysis.faces, thresholds);
      if (problem || !analysis.embedding) {
        return {
          status: 'failure',
          providerEnrollmentId: null,
          failureReason: problem ?? 'selfie_unclear',
        };
      }
      await context?.templates.put(request.referenceId, templateBytes(analysis.embedding));
      return {
        status: 'success',
        providerEnrollmentId: `local:${request.referenceId}`,
        failureReason: null,
      };
    },
    async startMatch(request) {
      const template = await context?.templates.get(request.referenceId);
      if (!template)
        throw new ReverifyError(
          'enrollment_not_found',
          'The local matcher holds no template for this person.',
        );
      const approveAbove = request.threshold ?? thresholds.approveAbove;
      void run(request.image.bytes)
        .then((analysis) => {
          const similarity = analysis.embedding
            ? cosineSimilarity(templateFrom(template), analysis.embedding)
            : null;
          const { decision, reasons } = decideMatch(analysis.faces, similarity, {
            ...thresholds,
            approveAbove,
            reviewAbove: Math.min(thresholds.reviewAbove, approveAbove),
          });
          return context?.report(request.reverificationId, {
            kind: 'decided',
            decision,
            reasons,
            matchScore: similarity === null ? null : Math.min(1, Math.max(0, similarity)),
            livenessScore: null,
          });
        })
        .catch((error: unknown) =>
          context?.report(request.reverificationId, {
            kind: 'failed',
            reasons: ['provider_error'],
            message: String(error),
          }),
        );
      return { providerReference: null };
    },
    async verifyPresence(request, signal) {
      signal.throwIfAborted();
      // All at once: the pool spreads them over its threads.
      const keyframes = await Promise.all(
        request.keyframes.map(async (keyframe) => ({
          name: keyframe.name,
          analysis: await run(keyframe.image.bytes),
        })),
      );
      signal.throwIfAborted();
      return judgePresence(request.moves, keyframes, presenceThresholds, thresholds);
    },
    async deleteReference(referenceId) {
      await context?.templates.delete(referenceId);
    },
    async close() {
      recent.clear();
      await pool?.destroy();
      pool = null;
    },
    analyse: run,
  };
}
