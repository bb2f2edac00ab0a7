/** The statuses a reverification moves through. */
export const ReverificationStatus = {
  /** Created by the integrator's server; the browser has not started yet. */
  pending: 'pending',
  /** The browser opened the camera and is looking for a good frame. */
  capturing: 'capturing',
  /** A capture was uploaded; the face-match provider is working. */
  processing: 'processing',
  /** The provider (or a reviewer) decided; see `decision`. */
  completed: 'completed',
  /** A system error ended the reverification; nothing was decided about the person. */
  failed: 'failed',
  /** The timeout passed before a decision. */
  expired: 'expired',
} as const;

/** A reverification status; see {@link ReverificationStatus}. */
export type ReverificationStatus = (typeof ReverificationStatus)[keyof typeof ReverificationStatus];

/** The outcome of a completed reverification. */
export const Decision = {
  approved: 'approved',
  rejected: 'rejected',
  /** A human must decide; a reviewer's decision later replaces it. */
  manual_review: 'manual_review',
} as const;

/** A decision; see {@link Decision}. */
export type Decision = (typeof Decision)[keyof typeof Decision];

/** A reviewer's final decision on a reverification in manual review. */
export type ReviewDecision = Exclude<Decision, 'manual_review'>;

/** Where a reverification is in its lifecycle: its status and, once completed, its decision. */
export interface LifecycleState {
  /** The current status. */
  readonly status: ReverificationStatus;
  /** The decision; `null` unless `status` is `completed`. */
  readonly decision: Decision | null;
}

/** What can happen to a reverification. */
export type LifecycleEvent =
  /** The browser opened the camera. */
  | { readonly type: 'capture_started' }
  /** The handler accepted an uploaded capture and handed it to the provider. */
  | { readonly type: 'capture_received' }
  /** The provider decided. */
  | { readonly type: 'decision_made'; readonly decision: Decision }
  /** A method other than the selfie (a passkey, a code) completed the reverification's policy: approved. */
  | { readonly type: 'methods_satisfied' }
  /** The provider failed with a system error. */
  | { readonly type: 'processing_failed' }
  /** The timeout passed. */
  | { readonly type: 'timed_out' }
  /** A reviewer decided a reverification that was in manual review. */
  | { readonly type: 'review_decided'; readonly decision: ReviewDecision };

/** The type of a {@link LifecycleEvent}. */
export type LifecycleEventType = LifecycleEvent['type'];

/** One row of the transition table. */
export interface TransitionRule {
  /** The event this rule handles. */
  readonly event: LifecycleEventType;
  /** Statuses the event is legal in. */
  readonly from: readonly ReverificationStatus[];
  /** When set, the event is legal only while the decision is this one. */
  readonly whenDecision?: Decision;
  /** The status after the event. */
  readonly to: ReverificationStatus;
}

/**
 * The whole lifecycle as data. Any (state, event) pair not matched by a row
 * is illegal. The package README renders this table.
 */
export const TRANSITIONS: readonly TransitionRule[] = [
  { event: 'capture_started', from: ['pending'], to: 'capturing' },
  { event: 'capture_received', from: ['pending', 'capturing'], to: 'processing' },
  { event: 'decision_made', from: ['processing'], to: 'completed' },
  { event: 'methods_satisfied', from: ['pending', 'capturing'], to: 'completed' },
  { event: 'processing_failed', from: ['processing'], to: 'failed' },
  { event: 'timed_out', from: ['pending', 'capturing', 'processing'], to: 'expired' },
  { event: 'review_decided', from: ['completed'], whenDecision: 'manual_review', to: 'completed' },
];

/** The state of a reverification that was just created. */
export const INITIAL_STATE: LifecycleState = { status: 'pending', decision: null };

/** A state in words, for messages: `completed (rejected)`, `pending`. */
export function describeState(state: LifecycleState): string {
  return state.decision ? `${state.status} (${state.decision})` : state.status;
}

/** Thrown by {@link transition} when an event is not legal in the current state. */
export class IllegalTransitionError extends Error {
  /** Stable error code, the same as the HTTP error code the handler answers with. */
  readonly code = 'illegal_transition';

  constructor(
    /** The state the event was applied to. */
    readonly state: LifecycleState,
    /** The rejected event. */
    readonly event: LifecycleEvent,
  ) {
    super(`Cannot apply "${event.type}" to a reverification that is ${describeState(state)}`);
    this.name = 'IllegalTransitionError';
  }
}

function findRule(state: LifecycleState, event: LifecycleEvent): TransitionRule | undefined {
  return TRANSITIONS.find(
    (rule) =>
      rule.event === event.type &&
      rule.from.includes(state.status) &&
      (rule.whenDecision === undefined || rule.whenDecision === state.decision),
  );
}

/**
 * Applies `event` to `state` and returns the next state.
 *
 * @throws {@link IllegalTransitionError} when the table has no row for the pair.
 */
export function transition(state: LifecycleState, event: LifecycleEvent): LifecycleState {
  const rule = findRule(state, event);
  if (!rule) throw new IllegalTransitionError(state, event);
  const decision =
    event.type === 'decision_made' || event.type === 'review_decided'
      ? event.decision
      : event.type === 'methods_satisfied'
        ? 'approved'
        : null;
  return { status: rule.to, decision };
}

/** Whether `event` is legal in `state`, without throwing. */
export function canTransition(state: LifecycleState, event: LifecycleEvent): boolean {
  return findRule(state, event) !== undefined;
}

/**
 * Whether the user-facing flow has ended: completed (any decision, including
 * manual_review), failed or expired. The browser's stream closes here.
 */
export function isSettled(status: ReverificationStatus): boolean {
  return status === 'completed' || status === 'failed' || status === 'expired';
}

/**
 * Whether a reverification may be restarted as a new attempt linked by
 * `retryOf`: when it failed, expired or ended rejected (by the provider or a
 * reviewer), as VerifyHQ's restart allows. An approval or a case waiting
 * for review is not restarted; a review decides it.
 */
export function canRestart(state: LifecycleState): boolean {
  return (
    state.status === 'failed' ||
    state.status === 'expired' ||
    (state.status === 'completed' && state.decision === 'rejected')
  );
}

/** Whether no event can ever apply to `state` again. */
export function isFinal(state: LifecycleState): boolean {
  return TRANSITIONS.every(
    (rule) =>
      !rule.from.includes(state.status) ||
      (rule.whenDecision !== undefined && rule.whenDecision !== state.decision),
  );
}
