import { describe, expect, it } from 'vitest';
import { type VecuWebhook, VecuWebhookSchema, vecuOutcome, vecuStateOf } from './vecu-outcome.js';

describe('vecuOutcome', () => {
  it('has no verdict before completion or without a decision', () => {
    expect(vecuOutcome({ verificationId: 'v', status: 'processing' })).toBeNull();
    expect(vecuOutcome({ verificationId: 'v', status: 'completed', decision: null })).toBeNull();
  });

  it('maps each decision and its id.* reasons, keeping scores', () => {
    expect(
      vecuOutcome({
        verificationId: 'v',
        status: 'completed',
        decision: 'approved',
        reasons: ['id.selfie.match', 'id.liveness.passed'],
        scores: { match: 0.93, liveness: 0.88 },
      }),
    ).toEqual({
      kind: 'decided',
      decision: 'approved',
      reasons: ['selfie_match', 'liveness_passed'],
      matchScore: 0.93,
      livenessScore: 0.88,
    });
    expect(
      vecuOutcome({
        verificationId: 'v',
        status: 'completed',
        decision: 'rejected',
        reasons: ['id.selfie.no_match'],
      }),
    ).toMatchObject({ decision: 'rejected', reasons: ['selfie_no_match'], matchScore: null });
    expect(
      vecuOutcome({
        verificationId: 'v',
        status: 'completed',
        decision: 'manual_review',
        reasons: ['id.selfie.unclear'],
      }),
    ).toMatchObject({ decision: 'manual_review', reasons: ['selfie_unclear'] });
  });

  it('gives unknown or missing reasons the default of the decision', () => {
    expect(
      vecuOutcome({
        verificationId: 'v',
        status: 'completed',
        decision: 'rejected',
        reasons: ['id.new.thing'],
      })?.reasons,
    ).toEqual(['selfie_no_match']);
    expect(
      vecuOutcome({ verificationId: 'v', status: 'completed', decision: 'approved' })?.reasons,
    ).toEqual(['selfie_match']);
  });

  it('fails without deciding on failed and expired', () => {
    expect(vecuOutcome({ verificationId: 'v', status: 'failed' })).toMatchObject({
      kind: 'failed',
      reasons: ['provider_error'],
    });
    expect(vecuOutcome({ verificationId: 'v', status: 'expired' })).toMatchObject({
      kind: 'failed',
      reasons: ['expired'],
    });
  });
});

describe('vecuStateOf', () => {
  const webhook = (eventType: string, currentStatus: string | null): VecuWebhook => ({
    eventId: 'evt_1',
    eventType,
    data: { verificationId: 'v', currentStatus, decision: 'approved', reasons: [] },
  });

  it('reads the status from the event type, else from currentStatus', () => {
    expect(vecuStateOf(webhook('reverification.completed', null)).status).toBe('completed');
    expect(vecuStateOf(webhook('reverification.failed', 'processing')).status).toBe('failed');
    expect(vecuStateOf(webhook('reverification.status_changed', 'processing')).status).toBe(
      'processing',
    );
    expect(vecuStateOf(webhook('reverification.status_changed', null)).status).toBe('processing');
  });
});

describe("a webhook in the seed's own shape", () => {
  // The VECU-style seed's events: reasons are { code, description } objects, and
  // status_changed carries the new status as data.status.
  const seedEvent = (eventType: string, data: Record<string, unknown>) =>
    VecuWebhookSchema.parse({
      eventId: 'evt_1',
      eventType,
      eventVersion: '1.0',
      timestamp: '2026-12-02T10:00:00Z',
      source: 'reverify-sdk',
      data: { verificationId: 'ver_1', referenceId: 'user-1', ...data },
    });

  it('reads reasons given as { code, description } objects', () => {
    const webhook = seedEvent('reverification.completed', {
      decision: 'approved',
      reasons: [
        { code: 'id.selfie.match', description: 'Selfie matches the ID photo' },
        { code: 'id.liveness.passed', description: 'Liveness check passed' },
      ],
    });
    expect(vecuOutcome(vecuStateOf(webhook))).toMatchObject({
      kind: 'decided',
      decision: 'approved',
      reasons: ['selfie_match', 'liveness_passed'],
    });
  });

  it("reads a status_changed event's data.status", () => {
    const webhook = seedEvent('reverification.status_changed', {
      previousStatus: 'processing',
      status: 'completed',
      decision: 'rejected',
      reasons: [{ code: 'id.selfie.no_match', description: 'Selfie does not match' }],
    });
    expect(vecuStateOf(webhook).status).toBe('completed');
    expect(vecuOutcome(vecuStateOf(webhook))).toMatchObject({
      decision: 'rejected',
      reasons: ['selfie_no_match'],
    });
  });
});
