import {
  BATCH_REPORT_COLUMNS,
  BatchCreatedSchema,
  BatchStatusSchema,
  ReportCreatedSchema,
  ReportSchema,
  ReverificationPageSchema,
  ReverificationSchema,
  ReverificationSessionSchema,
  WebhookPayloadSchema,
  WorkflowListSchema,
} from '@reverify/contract';
import { afterEach, describe, expect, it } from 'vitest';
import { ApiKeys } from '../core/api-keys.js';
import { VecuWebhookSchema, vecuStateOf } from '../providers/vecu/vecu-outcome.js';
import { verifyHmacSignature } from '../providers/vecu/vecu-signature.js';
import { createMemoryStore } from '../store/memory/memory-store.js';
import { expectError } from '../testing/expect-error.js';
import { startTestServer, type TestServer } from '../testing/harness.js';
import { testPhoto } from '../testing/images.js';
import { startReceiver } from '../testing/webhook-receiver.js';

/**
 * The seeds' own words, point by point (issue #19). Each test quotes the
 * seed it follows and drives the handler over real HTTP.
 */
const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function serve(options: Parameters<typeof startTestServer>[0] = {}): Promise<TestServer> {
  const server = await startTestServer(options);
  cleanups.push(() => server.close());
  return server;
}

async function enroll(server: TestServer, referenceId: string): Promise<void> {
  const response = await server.call('/v1/enrollments', {
    json: { referenceId, providerEnrollmentId: `p-${referenceId}` },
  });
  expect(response.status).toBe(201);
}

describe("VerifyHQ: tiers BASIC | STANDARD | ENHANCED, and the resource's steps", () => {
  it('creates with a tier, runs what the tier requires, and shows each step with its status', async () => {
    const server = await serve({ presence: { policy: 'passive' } });
    const expected = {
      // match only
      BASIC: { livenessPolicy: 'off', liveness: 'skipped' },
      // match + liveness
      STANDARD: { livenessPolicy: 'passive', liveness: 'pending' },
      // match + liveness, the strongest: the active challenge
      ENHANCED: { livenessPolicy: 'active', liveness: 'pending' },
    } as const;
    for (const [tier, { livenessPolicy, liveness }] of Object.entries(expected)) {
      await enroll(server, `tier-${tier}`);
      const created = await server.call('/v1/reverifications', {
        json: { referenceId: `tier-${tier}`, tier },
      });
      expect(created.status).toBe(201);
      const { id } = ReverificationSessionSchema.parse(await created.json());
      const body = ReverificationSchema.parse(
        await (await server.call(`/v1/reverifications/${id}`)).json(),
      );
      expect(body).toMatchObject({
        tier,
        livenessPolicy,
        steps: { match: { status: 'pending' }, liveness: { status: liveness } },
      });
    }
  });

  it('refuses a tier in lower case, and a liveness policy its tier does not accept', async () => {
    const server = await serve();
    await enroll(server, 'tier-bad');
    await expectError(
      await server.call('/v1/reverifications', {
        json: { referenceId: 'tier-bad', tier: 'enhanced' },
      }),
      'invalid_request',
    );
    const body = await expectError(
      await server.call('/v1/reverifications', {
        json: { referenceId: 'tier-bad', tier: 'ENHANCED', liveness: 'off' },
      }),
      'invalid_request',
    );
    expect(body.error.details).toEqual({ tier: 'ENHANCED', liveness: 'off' });
  });

  it('keeps the tier through a restart after a rejection', async () => {
    const server = await serve();
    await enroll(server, 'tier-restart');
    const first = await server.session({
      referenceId: 'tier-restart',
      tier: 'BASIC',
      sandboxOutcome: 'rejected',
    });
    expect((await server.upload(first, await testPhoto(320, 240))).status).toBe(201);
    await expect
      .poll(
        async () =>
          ReverificationSchema.parse(
            await (await server.call(`/v1/reverifications/${first.id}`)).json(),
          ).decision,
      )
      .toBe('rejected');
    const restarted = await server.call(`/v1/reverifications/${first.id}/restart`, {
      json: {},
    });
    expect(restarted.status).toBe(201);
    expect(await restarted.json()).toMatchObject({ tier: 'BASIC', livenessPolicy: 'off' });
  });
});

describe('Trust Swiftly: reverify "from workflow X to workflow Y" (re_verify_workflow_id)', () => {
  it('creates a reverification under a named workflow, records it, and its webhooks carry it', async () => {
    const receiver = await startReceiver();
    cleanups.push(() => receiver.close());
    const server = await serve({
      clock: () => new Date(),
      workflows: {
        'payments-high': { description: 'Large payments', tier: 'ENHANCED', threshold: 0.8 },
        'login-quick': { tier: 'BASIC', timeoutSeconds: 120 },
      },
      webhooks: {
        endpoints: [
          { url: receiver.url, secrets: [`whsec_${Buffer.alloc(32, 7).toString('base64')}`] },
        ],
        pollIntervalMs: 40,
      },
    });
    const listed = WorkflowListSchema.parse(await (await server.call('/v1/workflows')).json());
    expect(listed.data.map((w) => [w.id, w.tier, w.liveness])).toEqual([
      ['payments-high', 'ENHANCED', 'active'],
      ['login-quick', 'BASIC', 'off'],
    ]);
    expect(await (await server.call('/v1/workflows/login-quick')).json()).toMatchObject({
      timeoutSeconds: 120,
      methods: 'selfie',
      provider: 'sandbox',
    });
    await expectError(await server.call('/v1/workflows/none'), 'workflow_not_found');

    await enroll(server, 'wf-person');
    const session = await server.session({
      referenceId: 'wf-person',
      workflow: 'login-quick',
      sandboxOutcome: 'approved',
    });
    expect(session).toMatchObject({
      workflow: 'login-quick',
      tier: 'BASIC',
      livenessPolicy: 'off',
      timeoutSeconds: 120,
    });
    expect((await server.upload(session, await testPhoto(320, 240))).status).toBe(201);
    await expect.poll(() => receiver.requests.length, { timeout: 5000 }).toBeGreaterThanOrEqual(3);
    const payloads = receiver.requests.map((r) => WebhookPayloadSchema.parse(JSON.parse(r.body)));
    expect(payloads.map((p) => [p.eventType, p.data.workflow, p.data.tier])).toEqual([
      ['reverification.status_changed', 'login-quick', 'BASIC'],
      ['reverification.status_changed', 'login-quick', 'BASIC'],
      ['reverification.completed', 'login-quick', 'BASIC'],
    ]);
  });

  it('refuses an unknown workflow and a request that overrides what the workflow sets', async () => {
    const server = await serve({ workflows: { strict: { tier: 'ENHANCED', threshold: 0.8 } } });
    await enroll(server, 'wf-bad');
    await expectError(
      await server.call('/v1/reverifications', {
        json: { referenceId: 'wf-bad', workflow: 'lenient' },
      }),
      'workflow_not_found',
    );
    const body = await expectError(
      await server.call('/v1/reverifications', {
        json: { referenceId: 'wf-bad', workflow: 'strict', threshold: 0.1, liveness: 'off' },
      }),
      'invalid_request',
    );
    expect(body.error.details).toEqual({ workflow: 'strict', fields: ['liveness', 'threshold'] });
    // Nothing was created by the refused requests.
    const history = ReverificationPageSchema.parse(
      await (await server.call('/v1/reverifications?referenceId=wf-bad')).json(),
    );
    expect(history.total).toBe(0);
  });
});

describe("VECU seed: outbound webhooks in the seed's shape, for a receiver written against it", () => {
  it('sends verificationId, status, reasons as { code, description }, error on failed, HMAC-SHA256 signed', async () => {
    const receiver = await startReceiver();
    cleanups.push(() => receiver.close());
    const secret = `whsec_${Buffer.alloc(32, 9).toString('base64')}`;
    const server = await serve({
      clock: () => new Date(),
      webhooks: {
        endpoints: [{ url: receiver.url, secrets: [secret], format: 'vecu' }],
        pollIntervalMs: 40,
      },
    });
    for (const [person, outcome] of [
      ['seed-approved', 'approved'],
      ['seed-failed', 'failed'],
    ] as const) {
      await enroll(server, person);
      const session = await server.session({ referenceId: person, sandboxOutcome: outcome });
      expect((await server.upload(session, await testPhoto(320, 240))).status).toBe(201);
    }
    await expect.poll(() => receiver.requests.length, { timeout: 5000 }).toBeGreaterThanOrEqual(6);
    const received = receiver.requests.map((request) => {
      // The seed's receiver: an HMAC-SHA256 signature over timestamp.body, then the seed's schema.
      verifyHmacSignature(secret, {}, new Headers(request.headers), request.body);
      const raw = JSON.parse(request.body) as { data: Record<string, unknown> };
      return { raw, parsed: VecuWebhookSchema.parse(raw) };
    });
    const completed = received.find((r) => r.parsed.eventType === 'reverification.completed');
    expect(completed && vecuStateOf(completed.parsed)).toMatchObject({
      status: 'completed',
      decision: 'approved',
      reasons: expect.arrayContaining(['id.selfie.match']),
    });
    expect(completed?.raw.data.reasons).toContainEqual({
      code: 'id.selfie.match',
      description: 'The selfie matches the enrolled person.',
    });
    const failed = received.find((r) => r.parsed.eventType === 'reverification.failed');
    expect(failed?.raw.data).toMatchObject({
      verificationId: expect.stringMatching(/^rv_/),
      status: 'failed',
      error: { code: 'reverify.provider_error', message: 'The face-match provider failed.' },
    });
  });
});

describe('SheerID: the report is its own resource, POST /report/reverify/{batchId}', () => {
  it('answers { id, status: PENDING, statusUrl }, then READY with the requester and a retrievalUrl, then the CSV', async () => {
    const server = await serve({ clock: () => new Date() });
    for (const person of ['sheer-1', 'sheer-2']) await enroll(server, person);
    const batch = BatchCreatedSchema.parse(
      await (
        await server.call('/v1/batches', {
          json: { records: [{ referenceId: 'sheer-1' }, { referenceId: 'sheer-2' }] },
        })
      ).json(),
    );
    const asked = await server.call(`/v1/report/reverify/${batch.batchId}`, {
      method: 'POST',
      headers: { 'Reverify-Actor': 'ops-alice' },
    });
    expect(asked.status).toBe(202);
    const created = ReportCreatedSchema.parse(await asked.json());
    expect(created).toMatchObject({ status: 'PENDING', statusUrl: `/v1/reports/${created.id}` });
    expect(asked.headers.get('Location')).toBe(created.statusUrl);

    let report = ReportSchema.parse(await (await server.call(created.statusUrl)).json());
    await expect
      .poll(async () => {
        report = ReportSchema.parse(await (await server.call(created.statusUrl)).json());
        return report.status;
      })
      .toBe('READY');
    expect(report).toMatchObject({
      id: created.id,
      batchId: batch.batchId,
      requester: 'ops-alice',
      retrievalUrl: `/v1/reports/${created.id}/download`,
    });
    const download = await server.call(report.retrievalUrl as string);
    expect(download.headers.get('Content-Type')).toBe('text/csv; charset=utf-8');
    const [header, ...rows] = (await download.text()).trim().split(/\r?\n/);
    expect(header).toBe(BATCH_REPORT_COLUMNS.join(','));
    expect(rows.map((row) => row.split(',')[0])).toEqual(['sheer-1', 'sheer-2']);
  });

  it('names unknown batches and reports, and needs the secret key', async () => {
    const server = await serve();
    await expectError(
      await server.call('/v1/report/reverify/bat_0000000000000000000000', { method: 'POST' }),
      'batch_not_found',
    );
    await expectError(
      await server.call('/v1/reports/rpt_0000000000000000000000'),
      'report_not_found',
    );
    await expectError(await server.call('/v1/reports/not-an-id/download'), 'report_not_found');
    await expectError(
      await server.call('/v1/reports/rpt_0000000000000000000000', { auth: null }),
      'unauthorized',
    );
  });

  it('generates a report left PENDING by a restart', async () => {
    const store = createMemoryStore();
    const first = await serve({ store, clock: () => new Date() });
    await enroll(first, 'sheer-restart');
    const batch = BatchCreatedSchema.parse(
      await (
        await first.call('/v1/batches', { json: { records: [{ referenceId: 'sheer-restart' }] } })
      ).json(),
    );
    await expect
      .poll(
        async () =>
          BatchStatusSchema.parse(await (await first.call(batch.statusUrl)).json()).status,
      )
      .toBe('completed');
    await first.close();
    // A report stored PENDING, as a handler killed before generating it leaves it.
    await store.transaction((tx) =>
      tx.insertReport({
        id: 'rpt_restartrestartrestart0',
        batchId: batch.batchId,
        status: 'PENDING',
        requester: 'api',
        csv: null,
        createdAt: new Date().toISOString(),
        completedAt: null,
      }),
    );
    const second = await serve({ store, clock: () => new Date() });
    await expect
      .poll(
        async () =>
          ReportSchema.parse(
            await (await second.call('/v1/reports/rpt_restartrestartrestart0')).json(),
          ).status,
      )
      .toBe('READY');
  });
});

describe('SheerID: batches behind a role (BULK_VERIFIER) — scoped API keys', () => {
  it('lets a reviewer key review but not run batches, a batch key run them, and every route check its scope', async () => {
    const store = createMemoryStore();
    const server = await serve({ store });
    const keys = new ApiKeys(store);
    const reviewer = await keys.create('reviewer-ana', ['reviews']);
    const bulk = await keys.create('bulk-verifier', ['batches']);
    expect(reviewer.key).toMatch(/^rk_[A-Za-z0-9]{40}$/);
    // Only the hash is stored.
    expect(JSON.stringify(await store.transaction((tx) => tx.listApiKeys()))).not.toContain(
      reviewer.key,
    );

    expect((await server.call('/v1/reviews', { auth: reviewer.key })).status).toBe(200);
    const refused = await expectError(
      await server.call('/v1/batches', {
        auth: reviewer.key,
        json: { records: [{ referenceId: 'anyone' }] },
      }),
      'insufficient_scope',
    );
    expect(refused.error.details).toEqual({ required: ['batches'], held: ['reviews'] });
    await enroll(server, 'bulk-person');
    const batch = await server.call('/v1/batches', {
      auth: bulk.key,
      json: { records: [{ referenceId: 'bulk-person' }] },
    });
    expect(batch.status).toBe(202);
    const { batchId } = BatchCreatedSchema.parse(await batch.json());
    // The report's requester is the key's name.
    const report = ReportCreatedSchema.parse(
      await (
        await server.call(`/v1/report/reverify/${batchId}`, { method: 'POST', auth: bulk.key })
      ).json(),
    );
    expect(
      ReportSchema.parse(await (await server.call(report.statusUrl, { auth: bulk.key })).json())
        .requester,
    ).toBe('bulk-verifier');
    for (const [path, init] of [
      ['/v1/reviews', {}],
      ['/v1/reverifications', {}],
      ['/v1/webhooks/endpoints', {}],
      ['/v1/enrollments?referenceId=bulk-person', {}],
      ['/v1/workflows', {}],
      ['/v1/reverifications', { json: { referenceId: 'bulk-person' } }],
    ] as const) {
      await expectError(await server.call(path, { auth: bulk.key, ...init }), 'insufficient_scope');
    }
  });

  it('rotates a key with a grace period and revokes one at once', async () => {
    const store = createMemoryStore();
    const server = await serve({ store });
    const keys = new ApiKeys(store, () => new Date('2026-11-25T10:00:00.000Z'));
    const first = await keys.create('history', ['history:read']);
    const read = (key: string) => server.call('/v1/reverifications', { auth: key });
    const second = await keys.rotate(first.apiKey.id, 3600);
    expect(second.apiKey).toMatchObject({ name: 'history', scopes: ['history:read'] });
    expect((await read(first.key)).status).toBe(200);
    expect((await read(second.key)).status).toBe(200);
    server.advance(3601);
    await expectError(await read(first.key), 'unauthorized');
    expect((await read(second.key)).status).toBe(200);
    await keys.revoke(second.apiKey.id);
    await expectError(await read(second.key), 'unauthorized');
    await expect(keys.create('x', ['superuser'])).rejects.toMatchObject({
      code: 'invalid_request',
    });
    await expect(keys.revoke('key_000000000000000000000000')).rejects.toMatchObject({
      code: 'not_found',
    });
  });
});
