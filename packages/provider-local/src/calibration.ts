/** Scores of same-person and different-person pairs, and what thresholds make of them. */
export interface CalibrationReport {
  readonly people: number;
  readonly images: number;
  /** Images without exactly one face, left out. */
  readonly skipped: readonly string[];
  readonly samePerson: ScoreSummary;
  readonly differentPeople: ScoreSummary;
  /** False-accept and false-reject rates at candidate thresholds. */
  readonly rates: readonly {
    threshold: number;
    falseAcceptRate: number;
    falseRejectRate: number;
  }[];
  /** The suggested `approveAbove`. */
  readonly suggestedThreshold: number;
  /** How it was chosen. */
  readonly rule: string;
}

/** Count and spread of a set of scores. */
export interface ScoreSummary {
  readonly pairs: number;
  readonly min: number;
  readonly median: number;
  readonly max: number;
}

function summary(scores: readonly number[]): ScoreSummary {
  const sorted = [...scores].sort((a, b) => a - b);
  const at = (q: number) =>
    sorted[Math.min(sorted.length - 1, Math.floor(q * (sorted.length - 1)))] ?? Number.NaN;
  return { pairs: sorted.length, min: at(0), median: at(0.5), max: at(1) };
}

const round = (value: number) => Math.round(value * 1000) / 1000;

/**
 * Turns pair scores into a calibration report (pure). With separable data
 * the suggestion is the midpoint of the gap between the highest
 * different-person score and the lowest same-person score; otherwise the
 * threshold where false accepts and false rejects are closest (EER).
 */
export function calibrate(
  same: readonly number[],
  different: readonly number[],
  facts: { people: number; images: number; skipped: readonly string[] },
): CalibrationReport {
  if (same.length === 0 || different.length === 0)
    throw new Error('need at least two people, one with two images');
  const rate = (scores: readonly number[], test: (s: number) => boolean) =>
    scores.filter(test).length / scores.length;
  const candidates = Array.from({ length: 21 }, (_, i) => round(0.5 + i * 0.02));
  const rates = candidates.map((threshold) => ({
    threshold,
    falseAcceptRate: round(rate(different, (s) => s >= threshold)),
    falseRejectRate: round(rate(same, (s) => s < threshold)),
  }));
  const highestDifferent = Math.max(...different);
  const lowestSame = Math.min(...same);
  let suggestedThreshold: number;
  let rule: string;
  if (lowestSame > highestDifferent) {
    suggestedThreshold = round((lowestSame + highestDifferent) / 2);
    rule = 'midpoint of the gap between different-person and same-person scores';
  } else {
    const best = [...rates].sort(
      (a, b) =>
        Math.abs(a.falseAcceptRate - a.falseRejectRate) -
        Math.abs(b.falseAcceptRate - b.falseRejectRate),
    )[0];
    suggestedThreshold = best?.threshold ?? 0.75;
    rule = 'equal error rate (the scores overlap: collect more, cleaner data)';
  }
  return {
    ...facts,
    samePerson: summary(same),
    differentPeople: summary(different),
    rates,
    suggestedThreshold,
    rule,
  };
}
