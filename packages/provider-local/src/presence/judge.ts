import type { ChallengeMove, KeyframeName, ReasonCode } from '@reverify/contract';
import type { PresenceVerdict } from '@reverify/server/provider';
import { cosineSimilarity, faceProblem, type MatchThresholds } from '../decision.js';
import type { Analysis } from '../face-analyzer.js';

/** When a head turn counts as real, and when a sequence counts as one person. */
export interface PresenceThresholds {
  /**
   * The nose's shift against the eyes (parallax, in inter-ocular distances)
   * a peak must reach in the asked direction. A flat photo turned 40° in
   * front of the camera moves it ≤ 0.11 in the lab; a head turned 25–30°
   * moves it 0.13–0.37. Default 0.12.
   */
  readonly minParallaxShift: number;
  /** Human's yaw change (degrees) a peak must reach in the asked direction. Flat photos: ≤ 4.3° in the lab. Default 6. */
  readonly minYawShift: number;
  /** Below these, the peak shows no movement at all (a still photo): a clear failure. */
  readonly stillParallax: number;
  readonly stillYaw: number;
  /** How far from the frontal pose the return may end up and still count as the centre. */
  readonly returnParallax: number;
  readonly returnYaw: number;
  /** Similarity to the frontal frame below which a keyframe shows someone else. Default 0.55. */
  readonly samePersonBelow: number;
  /** Similarity below which (and at or above `samePersonBelow`) it is not sure. Default 0.65. */
  readonly samePersonUnsure: number;
  /** Human's passive liveness score below which the frontal frame is doubted (review, never pass). Default 0.3. */
  readonly passiveLiveBelow: number;
}

/** The defaults of {@link PresenceThresholds}, from the presence lab (`pnpm bench:liveness`). */
export const DEFAULT_PRESENCE_THRESHOLDS: PresenceThresholds = {
  minParallaxShift: 0.12,
  minYawShift: 6,
  stillParallax: 0.04,
  stillYaw: 2,
  returnParallax: 0.1,
  returnYaw: 7,
  samePersonBelow: 0.55,
  samePersonUnsure: 0.65,
  passiveLiveBelow: 0.3,
};

/** One analysed keyframe. */
export interface AnalysedKeyframe {
  readonly name: KeyframeName;
  readonly analysis: Analysis;
}

/** Which way a move shifts the pose: turning to the person's left raises the parallax and lowers Human's yaw. */
const SIGN: Record<ChallengeMove, 1 | -1> = { turn_left: 1, turn_right: -1 };

const round = (value: number, digits = 3) => Math.round(value * 10 ** digits) / 10 ** digits;

/**
 * Judges an active challenge from its analysed keyframes (pure):
 * - every keyframe shows exactly one clear face, the same person as the
 *   frontal frame (else `face_changed`);
 * - each peak turned the asked way past both thresholds: the parallax of a
 *   real head (a turned photo compresses flat and moves the nose against
 *   the eyes far less) and Human's yaw; a peak that did not move at all,
 *   or moved the other way, fails;
 * - the return is back near the frontal pose.
 * A clear failure is `failed`; anything between is `review`; only a
 * sequence that passes every check is `passed`. Human's passive liveness
 * score can only lower the verdict to `review`.
 */
export function judgePresence(
  moves: readonly ChallengeMove[],
  keyframes: readonly AnalysedKeyframe[],
  thresholds: PresenceThresholds,
  faces: MatchThresholds,
): PresenceVerdict {
  const measurements: Record<string, number | string | boolean | null> = {};
  const failed = (reason: ReasonCode, why: string): PresenceVerdict => ({
    status: 'failed',
    score: 0,
    reasons: [reason],
    measurements: { ...measurements, why },
  });
  const doubts: string[] = [];
  const byName = new Map(keyframes.map((keyframe) => [keyframe.name, keyframe.analysis]));
  const frontal = byName.get('frontal');
  if (!frontal) return failed('liveness_failed', 'no frontal frame');
  for (const { name, analysis } of keyframes) {
    const problem = faceProblem(analysis.faces, faces);
    if (problem === 'multiple_faces') return failed('face_changed', `${name}: several faces`);
    if (problem || !analysis.embedding || !analysis.pose) {
      doubts.push(`${name}: ${problem ?? 'no pose'}`);
    }
  }
  const base = frontal.pose;
  if (!base || !frontal.embedding) {
    return {
      status: 'review',
      score: null,
      reasons: ['liveness_uncertain'],
      measurements: { why: doubts.join('; ') },
    };
  }
  let lowestSimilarity = 1;
  for (const { name, analysis } of keyframes) {
    if (name === 'frontal' || !analysis.embedding) continue;
    const similarity = cosineSimilarity(frontal.embedding, analysis.embedding);
    lowestSimilarity = Math.min(lowestSimilarity, similarity);
    if (similarity < thresholds.samePersonBelow) {
      measurements.lowestSimilarity = round(similarity);
      return failed('face_changed', `${name}: another face`);
    }
    if (similarity < thresholds.samePersonUnsure)
      doubts.push(`${name}: similarity ${round(similarity)}`);
  }
  measurements.lowestSimilarity = round(lowestSimilarity);
  let weakest = Number.POSITIVE_INFINITY;
  for (const [index, move] of moves.entries()) {
    const pose = byName.get(`peak_${index + 1}` as KeyframeName)?.pose;
    if (!pose) return failed('liveness_failed', `peak_${index + 1} missing`);
    const sign = SIGN[move];
    const parallaxShift = sign * (pose.parallax - base.parallax);
    const yawShift = -sign * (pose.yaw - base.yaw);
    measurements[`peak${index + 1}Parallax`] = round(parallaxShift);
    measurements[`peak${index + 1}Yaw`] = round(yawShift, 1);
    if (
      Math.abs(parallaxShift) < thresholds.stillParallax &&
      Math.abs(yawShift) < thresholds.stillYaw
    ) {
      return failed('liveness_failed', `peak_${index + 1}: the head did not move`);
    }
    if (parallaxShift <= -thresholds.stillParallax || yawShift <= -thresholds.stillYaw) {
      return failed('liveness_failed', `peak_${index + 1}: turned the other way`);
    }
    const strength = Math.min(
      parallaxShift / thresholds.minParallaxShift,
      yawShift / thresholds.minYawShift,
    );
    weakest = Math.min(weakest, strength);
    if (strength < 1) doubts.push(`peak_${index + 1}: too small or too flat a turn`);
  }
  const back = byName.get('return')?.pose;
  if (!back) return failed('liveness_failed', 'no return to the centre');
  measurements.returnParallax = round(back.parallax - base.parallax);
  measurements.returnYaw = round(back.yaw - base.yaw, 1);
  if (
    Math.abs(back.parallax - base.parallax) > thresholds.returnParallax ||
    Math.abs(back.yaw - base.yaw) > thresholds.returnYaw
  ) {
    doubts.push('return: not back at the centre');
  }
  measurements.passiveLive = frontal.live === null ? null : round(frontal.live);
  if (frontal.live !== null && frontal.live < thresholds.passiveLiveBelow) {
    doubts.push('passive liveness low');
  }
  const score = round(Math.max(0, Math.min(1, weakest / 2)));
  if (doubts.length > 0) {
    return {
      status: 'review',
      score,
      reasons: ['liveness_uncertain'],
      measurements: { ...measurements, why: doubts.join('; ') },
    };
  }
  return { status: 'passed', score, reasons: ['liveness_passed'], measurements };
}
