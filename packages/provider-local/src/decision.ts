import type { Decision, ReasonCode } from '@reverify/contract';
import type { FaceSummary } from './face-analyzer.js';

/** When the local matcher approves, sends to review, or rejects. */
export interface MatchThresholds {
  /** Cosine similarity at or above which it approves. Default 0.75 (calibrate before production!). */
  readonly approveAbove: number;
  /** Similarity at or above which (and below `approveAbove`) it asks for manual review. Default 0.6. */
  readonly reviewAbove: number;
  /** Smallest detector confidence for a face to count as clear. Default 0.6. */
  readonly minFaceScore: number;
}

/** The defaults of {@link MatchThresholds}, from the calibration in the package README. */
export const DEFAULT_THRESHOLDS: MatchThresholds = {
  approveAbove: 0.75,
  reviewAbove: 0.6,
  minFaceScore: 0.6,
};

/** Cosine similarity of two embeddings, −1…1 (pure). */
export function cosineSimilarity(a: Float32Array, b: Float32Array): number {
  if (a.length !== b.length || a.length === 0) throw new Error('embeddings differ in length');
  let dot = 0;
  let normA = 0;
  let normB = 0;
  for (let i = 0; i < a.length; i++) {
    const x = a[i] as number;
    const y = b[i] as number;
    dot += x * y;
    normA += x * x;
    normB += y * y;
  }
  return normA === 0 || normB === 0 ? 0 : dot / Math.sqrt(normA * normB);
}

/** Why an image cannot be used as a face, or `null` when it shows exactly one clear face (pure). */
export function faceProblem(
  faces: readonly FaceSummary[],
  thresholds: MatchThresholds,
): ReasonCode | null {
  if (faces.length === 0) return 'no_face';
  if (faces.length > 1) return 'multiple_faces';
  if ((faces[0]?.score ?? 0) < thresholds.minFaceScore) return 'selfie_unclear';
  return null;
}

/**
 * The decision for a selfie (pure): one clear face is compared by cosine
 * similarity — approved at or above `approveAbove`, manual review down to
 * `reviewAbove`, rejected below. It decides the match only: whether a live
 * person was present is the handler's presence step, combined by its
 * liveness policy (never approved unchecked unless the policy is `off`).
 */
export function decideMatch(
  faces: readonly FaceSummary[],
  similarity: number | null,
  thresholds: MatchThresholds,
): { decision: Decision; reasons: ReasonCode[] } {
  const problem = faceProblem(faces, thresholds);
  if (problem)
    return {
      decision: problem === 'selfie_unclear' ? 'manual_review' : 'rejected',
      reasons: [problem],
    };
  const score = similarity ?? 0;
  if (score >= thresholds.approveAbove) return { decision: 'approved', reasons: ['selfie_match'] };
  if (score >= thresholds.reviewAbove)
    return { decision: 'manual_review', reasons: ['selfie_unclear'] };
  return { decision: 'rejected', reasons: ['selfie_no_match'] };
}

/** A template as bytes for the store, and back. */
export const templateBytes = (embedding: Float32Array): Uint8Array =>
  new Uint8Array(embedding.buffer.slice(0));
export const templateFrom = (bytes: Uint8Array): Float32Array =>
  new Float32Array(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength));
