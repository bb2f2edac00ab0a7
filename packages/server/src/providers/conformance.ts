import { ReasonCodeSchema } from '@reverify/contract';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { silentLogger } from '../plugin/logger.js';
import type {
  EnrolledPerson,
  FaceMatchProvider,
  MatchOutcome,
  MatchRequest,
  ProviderContext,
  StoredImage,
  TemplateStore,
} from '../plugin/provider.js';

/** A {@link TemplateStore} in memory, for provider tests. */
export function memoryTemplates(): TemplateStore & { readonly size: () => number } {
  const templates = new Map<string, Uint8Array>();
  return {
    get: async (referenceId) => templates.get(referenceId) ?? null,
    put: async (referenceId, template) => void templates.set(referenceId, template),
    delete: async (referenceId) => void templates.delete(referenceId),
    size: () => templates.size,
  };
}

/**
 * A {@link ProviderContext} for provider tests: in-memory templates, a
 * silent logger, no in-flight matches; `report` and the rest can be replaced.
 */
export function providerTestContext(overrides: Partial<ProviderContext> = {}): ProviderContext {
  return {
    report: async () => {},
    logger: silentLogger,
    templates: memoryTemplates(),
    inFlight: async () => [],
    findMatch: async () => null,
    ...overrides,
  };
}

/** How a provider under test is set up and steered to each outcome. */
export interface ProviderFixture {
  readonly provider: FaceMatchProvider;
  /** A reference selfie and a matching selfie the provider approves. */
  readonly matching: { reference: StoredImage; selfie: StoredImage };
  /** A selfie of someone else, which the provider rejects. */
  readonly otherPerson: StoredImage;
  /** Extra request fields that steer the provider (the sandbox's forced outcomes). */
  readonly steer?: (outcome: 'approved' | 'rejected') => Partial<MatchRequest>;
  readonly close?: () => Promise<void>;
}

/**
 * The behaviour every {@link FaceMatchProvider} must have: enrollment,
 * a verdict delivered through `report` with contract reason codes, and
 * honest handling of deletion. Each provider's test file calls this.
 */
export function describeProviderConformance(
  name: string,
  setup: () => Promise<ProviderFixture>,
): void {
  describe(`${name} provider conformance`, () => {
    let fixture: ProviderFixture;
    let reports: { id: string; outcome: MatchOutcome }[];
    let templates: ReturnType<typeof memoryTemplates>;
    beforeEach(async () => {
      fixture = await setup();
      reports = [];
      templates = memoryTemplates();
      await fixture.provider.start(
        providerTestContext({
          templates,
          report: async (id, outcome) => {
            reports.push({ id, outcome });
          },
        }),
      );
    });
    afterEach(async () => {
      await fixture.provider.close();
      await fixture.close?.();
    });

    async function enrollment(referenceId: string): Promise<EnrolledPerson> {
      const outcome = await fixture.provider.enroll(
        { referenceId, image: fixture.matching.reference, providerEnrollmentId: null },
        new AbortController().signal,
      );
      expect(outcome.status).toBe('success');
      expect(outcome.failureReason).toBeNull();
      return {
        referenceId,
        providerEnrollmentId: outcome.providerEnrollmentId,
        enrolledAt: new Date().toISOString(),
      };
    }

    async function verdict(request: MatchRequest): Promise<MatchOutcome> {
      const started = await fixture.provider.startMatch(request, new AbortController().signal);
      expect(
        started.providerReference === null || typeof started.providerReference === 'string',
      ).toBe(true);
      for (let i = 0; i < 500 && !reports.some((r) => r.id === request.reverificationId); i++) {
        await new Promise((r) => setTimeout(r, 10));
      }
      const report = reports.find((r) => r.id === request.reverificationId);
      if (!report) throw new Error('no verdict within 5 s');
      for (const reason of report.outcome.reasons)
        expect(ReasonCodeSchema.parse(reason)).toBe(reason);
      return report.outcome;
    }

    const request = (
      enrolled: EnrolledPerson,
      id: string,
      selfie: StoredImage,
      extra: Partial<MatchRequest> = {},
    ): MatchRequest => ({
      reverificationId: id,
      referenceId: enrolled.referenceId,
      enrollment: enrolled,
      image: selfie,
      clip: null,
      threshold: null,
      timeoutSeconds: 300,
      retryOf: null,
      providerReference: null,
      sandboxOutcome: null,
      ...extra,
    });

    it('has a name and says whether it may run in production', () => {
      expect(fixture.provider.name).toMatch(/^[a-z][a-z0-9-]{1,39}$/);
      expect(typeof fixture.provider.production).toBe('boolean');
    });

    it('approves the enrolled person with a match reason', async () => {
      const enrolled = await enrollment('conformance-same');
      const outcome = await verdict(
        request(
          enrolled,
          'rv_conformancesame00000',
          fixture.matching.selfie,
          fixture.steer?.('approved'),
        ),
      );
      expect(outcome).toMatchObject({ kind: 'decided', decision: 'approved' });
      expect(outcome.reasons).toContain('selfie_match');
    });

    it('rejects someone else with a no-match reason', async () => {
      const enrolled = await enrollment('conformance-other');
      const outcome = await verdict(
        request(
          enrolled,
          'rv_conformanceother0000',
          fixture.otherPerson,
          fixture.steer?.('rejected'),
        ),
      );
      expect(outcome).toMatchObject({ kind: 'decided', decision: 'rejected' });
      expect(outcome.reasons).toContain('selfie_no_match');
    });

    it('deletes what it keeps about a person without failing twice', async () => {
      await enrollment('conformance-delete');
      const kept = templates.size();
      await fixture.provider.deleteReference('conformance-delete');
      expect(await templates.get('conformance-delete')).toBeNull();
      // A provider that kept a template (the local matcher's embedding) has one fewer now.
      expect(templates.size()).toBe(Math.max(0, kept - 1));
      await fixture.provider.deleteReference('conformance-delete');
      expect(templates.size()).toBe(Math.max(0, kept - 1));
    });
  });
}
