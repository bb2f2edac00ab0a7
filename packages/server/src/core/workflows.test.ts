import { describe, expect, it } from 'vitest';
import { ReverifyConfigError, ReverifyError } from '../plugin/errors.js';
import { resolveAssurance, resolveWorkflows } from './workflows.js';

const workflows = resolveWorkflows(
  {
    // Trust Swiftly reverifies "from workflow X to workflow Y": Y is a named policy.
    'high-risk': { description: 'Large payments', tier: 'ENHANCED', threshold: 0.8 },
    'quick-check': { tier: 'BASIC', timeoutSeconds: 120 },
  },
  'sandbox',
  'passive',
);

describe('resolveWorkflows', () => {
  it('fills in what a workflow leaves to the handler', () => {
    expect(workflows.get('high-risk')).toEqual({
      id: 'high-risk',
      description: 'Large payments',
      tier: 'ENHANCED',
      liveness: 'active',
      threshold: 0.8,
      timeoutSeconds: null,
      methods: 'selfie',
      provider: 'sandbox',
    });
    expect(workflows.get('quick-check')).toMatchObject({ tier: 'BASIC', liveness: 'off' });
  });

  it.each([
    [{ 'a/b': {} }, /not a workflow id/],
    [{ w: { provider: 'truora' } }, /not this handler's/],
    [{ w: { tier: 'ENHANCED', liveness: 'passive' } }, /does not accept/],
    [{ w: { threshold: 2 } }, /threshold/],
    [{ w: { methods: 'passkey or face' } }, /methods/],
    [{ w: { methods: 'selfie and selfie' } }, /methods/],
  ] as const)('refuses %o at start-up', (options, message) => {
    expect(() =>
      resolveWorkflows(options as Parameters<typeof resolveWorkflows>[0], 'sandbox', 'active'),
    ).toThrow(ReverifyConfigError);
    expect(() =>
      resolveWorkflows(options as Parameters<typeof resolveWorkflows>[0], 'sandbox', 'active'),
    ).toThrow(message);
  });
});

describe('resolveAssurance', () => {
  it("runs VerifyHQ's tiers as BASIC match only, STANDARD + liveness, ENHANCED + the challenge", () => {
    const of = (tier: 'BASIC' | 'STANDARD' | 'ENHANCED') =>
      resolveAssurance({ tier }, workflows, 'passive');
    expect(of('BASIC')).toMatchObject({ tier: 'BASIC', livenessPolicy: 'off', workflow: null });
    expect(of('STANDARD')).toMatchObject({ tier: 'STANDARD', livenessPolicy: 'passive' });
    expect(of('ENHANCED')).toMatchObject({ tier: 'ENHANCED', livenessPolicy: 'active' });
  });

  it('names the tier a bare liveness policy meets, and the default', () => {
    expect(resolveAssurance({ liveness: 'off' }, workflows, 'active').tier).toBe('BASIC');
    expect(resolveAssurance({}, workflows, 'active')).toMatchObject({
      tier: 'ENHANCED',
      livenessPolicy: 'active',
    });
  });

  it('takes a workflow whole, and refuses a request that sets what it fixes', () => {
    expect(
      resolveAssurance({ workflow: 'high-risk', timeoutSeconds: 600 }, workflows, 'off'),
    ).toMatchObject({
      tier: 'ENHANCED',
      livenessPolicy: 'active',
      threshold: 0.8,
      timeoutSeconds: 600,
      workflow: { id: 'high-risk' },
    });
    for (const extra of [{ tier: 'BASIC' }, { liveness: 'off' }, { threshold: 0.1 }] as const) {
      expect(() =>
        resolveAssurance({ workflow: 'high-risk', ...extra }, workflows, 'off'),
      ).toThrowError(expect.objectContaining({ code: 'invalid_request' }));
    }
    expect(() =>
      resolveAssurance({ workflow: 'quick-check', timeoutSeconds: 60 }, workflows, 'off'),
    ).toThrowError(expect.objectContaining({ code: 'invalid_request' }));
  });

  it('refuses an unknown workflow and a tier that disagrees with the policy', () => {
    expect(() => resolveAssurance({ workflow: 'nope' }, workflows, 'off')).toThrowError(
      expect.objectContaining({ code: 'workflow_not_found' }),
    );
    const disagree = () =>
      resolveAssurance({ tier: 'ENHANCED', liveness: 'passive' }, workflows, 'off');
    expect(disagree).toThrow(ReverifyError);
    expect(disagree).toThrowError(expect.objectContaining({ code: 'invalid_request' }));
  });
});
