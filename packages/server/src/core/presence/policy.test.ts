import { describe, expect, it } from 'vitest';
import type { PendingMatch } from '../../store/queries/reverifications.js';
import {
  decideWithLiveness,
  type LivenessFinding,
  livenessForPolicy,
  providerLivenessFinding,
  stricterFinding,
} from './policy.js';

const approvedMatch: PendingMatch = {
  decision: 'approved',
  reasons: ['selfie_match'],
  matchScore: 0.93,
  livenessScore: null,
};
const finding = (status: LivenessFinding['status'], ...reasons: LivenessFinding['reasons']) =>
  ({ status, score: null, method: 'active', reasons }) as LivenessFinding;

describe('liveness policy', () => {
  it('never approves unchecked liveness under passive or active', () => {
    for (const policy of ['passive', 'active'] as const) {
      const liveness = livenessForPolicy(policy, { active: null, provider: null });
      expect(liveness.status).toBe('review');
      expect(decideWithLiveness(approvedMatch, liveness)).toMatchObject({
        decision: 'manual_review',
        reasons: ['selfie_match', 'liveness_not_checked'],
      });
    }
  });

  it('decides on the match alone with policy off, and says so', () => {
    const liveness = livenessForPolicy('off', { active: finding('failed'), provider: null });
    expect(decideWithLiveness(approvedMatch, liveness)).toMatchObject({
      decision: 'approved',
      reasons: ['selfie_match', 'liveness_not_checked'],
      steps: { liveness: { status: 'skipped' } },
    });
  });

  it('rejects a clear liveness failure even when the face matches', () => {
    const liveness = livenessForPolicy('active', {
      active: finding('failed', 'liveness_failed'),
      provider: null,
    });
    expect(decideWithLiveness(approvedMatch, liveness)).toMatchObject({
      decision: 'rejected',
      reasons: ['selfie_match', 'liveness_failed'],
      steps: { match: { status: 'passed', score: 0.93 }, liveness: { status: 'failed' } },
    });
  });

  it('sends uncertainty to manual review, and a failed match stays rejected', () => {
    const uncertain = finding('review', 'liveness_uncertain');
    expect(decideWithLiveness(approvedMatch, uncertain).decision).toBe('manual_review');
    expect(
      decideWithLiveness(
        { ...approvedMatch, decision: 'rejected', reasons: ['selfie_no_match'] },
        finding('passed', 'liveness_passed'),
      ),
    ).toMatchObject({ decision: 'rejected', reasons: ['selfie_no_match', 'liveness_passed'] });
  });

  it('approves a passed challenge with a matching face', () => {
    const liveness = livenessForPolicy('active', {
      active: finding('passed', 'liveness_passed'),
      provider: null,
    });
    expect(decideWithLiveness(approvedMatch, liveness)).toMatchObject({
      decision: 'approved',
      reasons: ['selfie_match', 'liveness_passed'],
    });
  });

  it("reads a provider's liveness from its reasons, and the stricter finding wins", () => {
    expect(providerLivenessFinding(['selfie_match', 'liveness_failed'], 0.1)?.status).toBe(
      'failed',
    );
    expect(providerLivenessFinding(['selfie_match'], null)).toBeNull();
    const both = stricterFinding(
      finding('passed', 'liveness_passed'),
      providerLivenessFinding(['liveness_failed'], null),
    );
    expect(both).toMatchObject({
      status: 'failed',
      reasons: ['liveness_failed', 'liveness_passed'],
    });
    // Under passive, the provider's pass is the step.
    expect(
      livenessForPolicy('passive', {
        active: null,
        provider: providerLivenessFinding(['liveness_passed'], 0.9),
      }),
    ).toMatchObject({ status: 'passed', method: 'provider', score: 0.9 });
  });

  it('keeps the provider liveness reasons out of the match and reports them once', () => {
    const decided = decideWithLiveness(
      { ...approvedMatch, reasons: ['selfie_match', 'liveness_passed'] },
      livenessForPolicy('passive', {
        active: null,
        provider: providerLivenessFinding(['liveness_passed'], null),
      }),
    );
    expect(decided.reasons).toEqual(['selfie_match', 'liveness_passed']);
  });
});
