import type { Decision, ReasonCode } from '@reverify/contract';
import type { GuidanceCode } from '../quality/checks.js';
import type { Translation } from '../translations/translation.js';

/** Why a rejection happened, in the words a person is told. */
export type RejectionCause = 'no_match' | 'unclear' | 'multiple_faces' | 'liveness' | 'reviewer';

/** Reasons of each cause, most telling first: a reviewer's word, then the photo, then presence. */
const CAUSES: readonly (readonly [RejectionCause, readonly ReasonCode[]])[] = [
  ['reviewer', ['review_rejected']],
  ['multiple_faces', ['multiple_faces']],
  ['unclear', ['no_face', 'image_quality', 'selfie_unclear']],
  ['liveness', ['liveness_failed', 'challenge_incomplete', 'face_changed', 'camera_suspicious']],
];

/** The cause of a rejection from its reasons (pure); a mismatch when nothing more specific is given. */
export function rejectionCause(reasons: readonly ReasonCode[]): RejectionCause {
  const found = CAUSES.find(([, codes]) => codes.some((code) => reasons.includes(code)));
  return found ? found[0] : 'no_match';
}

/** How the result screen looks: the icon and colour of its tone. */
export type ResultTone = 'approved' | 'rejected' | 'review';

/** The result screen of a decision. */
export interface ResultView {
  readonly tone: ResultTone;
  readonly title: string;
  /** What happened and, for a rejection, what the person can do. */
  readonly lines: readonly string[];
  /** Whether the screen offers a new attempt. */
  readonly retry: boolean;
}

/**
 * The result screen of a decision (pure): never a success for a rejection,
 * always a next step. `canRetry` says whether the element can start a new
 * attempt (it can get a new client token).
 */
export function resultView(
  decision: Decision,
  reasons: readonly ReasonCode[],
  t: Translation,
  canRetry: boolean,
): ResultView {
  const { result } = t;
  switch (decision) {
    case 'approved':
      return {
        tone: 'approved',
        title: result.approvedTitle,
        lines: [result.approvedText],
        retry: false,
      };
    case 'manual_review':
      return {
        tone: 'review',
        title: result.reviewTitle,
        lines: [result.reviewText],
        retry: false,
      };
    default:
      return {
        tone: 'rejected',
        title: result.rejectedTitle,
        lines: [
          result.rejected[rejectionCause(reasons)],
          canRetry ? result.rejectedRetry : result.rejectedContact,
        ],
        retry: canRetry,
      };
  }
}

/** The whole result screen as one sentence run, for a live region or a status line. */
export function resultText(view: ResultView): string {
  return [view.title, ...view.lines].join(' ');
}

/** What a manual capture does with the frame the checks last saw. */
export type ManualCapture = 'take' | 'confirm' | 'refuse';

/**
 * Whether "Take photo" may take the frame (pure): never with no face or
 * several faces (that would spend the attempt on a sure rejection), after a
 * warning when a check fails (light, blur, position), at once when the frame
 * passes.
 */
export function manualCapture(guidance: GuidanceCode | null): ManualCapture {
  if (guidance === null || guidance === 'no_face' || guidance === 'multiple_faces') return 'refuse';
  return guidance === 'ready' || guidance === 'hold_still' ? 'take' : 'confirm';
}
