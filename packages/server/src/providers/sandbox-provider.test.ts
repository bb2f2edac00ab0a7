import { describe, expect, it } from 'vitest';
import { sanitizeImage } from '../image/sanitize-image.js';
import { isPresenceVerifier } from '../plugin/presence.js';
import type { MatchOutcome } from '../plugin/provider.js';
import { testPhoto } from '../testing/images.js';
import { describeProviderConformance, providerTestContext } from './conformance.js';
import {
  createSandboxProvider,
  SANDBOX_REFERENCE_IDS,
  withSandboxOutcomes,
} from './sandbox-provider.js';

describeProviderConformance('sandbox', async () => {
  const image = await sanitizeImage(await testPhoto(320, 240));
  return {
    provider: createSandboxProvider({ latencyMs: 5 }),
    matching: { reference: image, selfie: image },
    otherPerson: image,
    steer: (outcome) => ({ sandboxOutcome: outcome }),
  };
});

describe('sandbox magic referenceIds', () => {
  it('enrolls the magic ids implicitly, except sandbox_not_enrolled', () => {
    const provider = createSandboxProvider();
    for (const id of Object.keys(SANDBOX_REFERENCE_IDS))
      expect(provider.implicitEnrollment(id)?.status).toBe('success');
    expect(provider.implicitEnrollment('sandbox_not_enrolled')).toBeNull();
    expect(provider.implicitEnrollment('customer-1')).toBeNull();
  });

  it('answers after its latency, and never for sandbox_expired', async () => {
    const provider = createSandboxProvider({ latencyMs: 20 });
    const seen: { id: string; at: number; outcome: MatchOutcome }[] = [];
    await provider.start(
      providerTestContext({
        report: async (id, outcome) => void seen.push({ id, at: Date.now(), outcome }),
      }),
    );
    const image = await sanitizeImage(await testPhoto(320, 240));
    const base = {
      enrollment: {} as never,
      image,
      clip: null,
      threshold: null,
      timeoutSeconds: 300,
      retryOf: null,
      providerReference: null,
      sandboxOutcome: null,
    };
    const started = Date.now();
    for (const referenceId of ['sandbox_manual_review', 'sandbox_failed', 'sandbox_expired']) {
      await provider.startMatch(
        { ...base, referenceId, reverificationId: `rv_${referenceId}` },
        new AbortController().signal,
      );
    }
    await new Promise((r) => setTimeout(r, 100));
    await provider.close();
    expect(
      seen.map((s) => [s.id, s.outcome.kind === 'decided' ? s.outcome.decision : 'failed']),
    ).toEqual([
      ['rv_sandbox_manual_review', 'manual_review'],
      ['rv_sandbox_failed', 'failed'],
    ]);
    expect(Math.min(...seen.map((s) => s.at - started))).toBeGreaterThanOrEqual(15);
  });
});

describe('withSandboxOutcomes', () => {
  it('stays a presence verifier exactly when the real provider is one', async () => {
    const verdict = { status: 'passed', score: 0.9, reasons: [], measurements: {} } as const;
    const verifying = { ...createSandboxProvider(), verifyPresence: async () => verdict };
    const wrapped = withSandboxOutcomes(verifying);
    expect(isPresenceVerifier(wrapped)).toBe(true);
    if (!isPresenceVerifier(wrapped)) return;
    const request = { reverificationId: 'rv_1', moves: [], minYawDegrees: 15, keyframes: [] };
    expect(await wrapped.verifyPresence(request, new AbortController().signal)).toBe(verdict);
    expect(isPresenceVerifier(withSandboxOutcomes(createSandboxProvider()))).toBe(false);
  });
});
