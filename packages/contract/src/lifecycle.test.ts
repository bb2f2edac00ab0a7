import { describe, expect, it } from 'vitest';
import {
  canRestart,
  canTransition,
  IllegalTransitionError,
  INITIAL_STATE,
  isFinal,
  isSettled,
  type LifecycleEvent,
  type LifecycleState,
  transition,
} from './lifecycle.js';

const states: Record<string, LifecycleState> = {
  pending: { status: 'pending', decision: null },
  capturing: { status: 'capturing', decision: null },
  processing: { status: 'processing', decision: null },
  'completed/approved': { status: 'completed', decision: 'approved' },
  'completed/rejected': { status: 'completed', decision: 'rejected' },
  'completed/manual_review': { status: 'completed', decision: 'manual_review' },
  failed: { status: 'failed', decision: null },
  expired: { status: 'expired', decision: null },
};

const events: Record<string, LifecycleEvent> = {
  capture_started: { type: 'capture_started' },
  capture_received: { type: 'capture_received' },
  'decision_made/approved': { type: 'decision_made', decision: 'approved' },
  'decision_made/rejected': { type: 'decision_made', decision: 'rejected' },
  'decision_made/manual_review': { type: 'decision_made', decision: 'manual_review' },
  methods_satisfied: { type: 'methods_satisfied' },
  processing_failed: { type: 'processing_failed' },
  timed_out: { type: 'timed_out' },
  'review_decided/approved': { type: 'review_decided', decision: 'approved' },
  'review_decided/rejected': { type: 'review_decided', decision: 'rejected' },
};

// The expected legal moves, written out by hand (not derived from TRANSITIONS)
// so that a wrong table row fails this test.
const legal: Record<string, string> = {
  'pending + capture_started': 'capturing',
  'pending + capture_received': 'processing',
  'pending + timed_out': 'expired',
  'pending + methods_satisfied': 'completed/approved',
  'capturing + methods_satisfied': 'completed/approved',
  'capturing + capture_received': 'processing',
  'capturing + timed_out': 'expired',
  'processing + decision_made/approved': 'completed/approved',
  'processing + decision_made/rejected': 'completed/rejected',
  'processing + decision_made/manual_review': 'completed/manual_review',
  'processing + processing_failed': 'failed',
  'processing + timed_out': 'expired',
  'completed/manual_review + review_decided/approved': 'completed/approved',
  'completed/manual_review + review_decided/rejected': 'completed/rejected',
};

const pairs = Object.keys(states).flatMap((s) => Object.keys(events).map((e) => [s, e] as const));

describe('transition', () => {
  it('starts in pending without a decision', () => {
    expect(INITIAL_STATE).toEqual({ status: 'pending', decision: null });
  });

  it.each(pairs.filter(([s, e]) => `${s} + ${e}` in legal))('allows %s + %s', (s, e) => {
    const next = transition(states[s] as LifecycleState, events[e] as LifecycleEvent);
    expect(next).toEqual(states[legal[`${s} + ${e}`] as string]);
    expect(canTransition(states[s] as LifecycleState, events[e] as LifecycleEvent)).toBe(true);
  });

  it.each(pairs.filter(([s, e]) => !(`${s} + ${e}` in legal)))('rejects %s + %s', (s, e) => {
    const state = states[s] as LifecycleState;
    const event = events[e] as LifecycleEvent;
    expect(canTransition(state, event)).toBe(false);
    const thrown = (() => {
      try {
        transition(state, event);
      } catch (error) {
        return error;
      }
      return undefined;
    })();
    expect(thrown).toBeInstanceOf(IllegalTransitionError);
    expect((thrown as IllegalTransitionError).code).toBe('illegal_transition');
    expect((thrown as IllegalTransitionError).state).toBe(state);
    expect((thrown as IllegalTransitionError).message).toContain(state.status);
  });

  it('covers every (state, event) pair', () => {
    expect(pairs).toHaveLength(Object.keys(states).length * Object.keys(events).length);
    expect(Object.keys(legal).every((key) => pairs.some(([s, e]) => `${s} + ${e}` === key))).toBe(
      true,
    );
  });
});

describe('isSettled and isFinal', () => {
  it('settles the browser flow on completed, failed and expired only', () => {
    expect(['pending', 'capturing', 'processing'].map((s) => isSettled(s as never))).toEqual([
      false,
      false,
      false,
    ]);
    expect(['completed', 'failed', 'expired'].map((s) => isSettled(s as never))).toEqual([
      true,
      true,
      true,
    ]);
  });

  it('keeps manual_review open for a reviewer while other decisions are final', () => {
    expect(isFinal(states['completed/manual_review'] as LifecycleState)).toBe(false);
    expect(isFinal(states['completed/approved'] as LifecycleState)).toBe(true);
    expect(isFinal(states['completed/rejected'] as LifecycleState)).toBe(true);
    expect(isFinal(states.failed as LifecycleState)).toBe(true);
    expect(isFinal(states.expired as LifecycleState)).toBe(true);
    expect(isFinal(states.processing as LifecycleState)).toBe(false);
    expect(isFinal(states.pending as LifecycleState)).toBe(false);
  });
});

describe('canRestart', () => {
  it('restarts what failed, expired or was rejected, as VerifyHQ restarts a rejected one', () => {
    const restartable = Object.entries(states)
      .filter(([, state]) => canRestart(state))
      .map(([name]) => name)
      .sort();
    expect(restartable).toEqual(['completed/rejected', 'expired', 'failed']);
  });
});
