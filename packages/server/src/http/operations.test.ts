import {
  AuditTrailSchema,
  type Reverification,
  type ReverificationPage,
  ReverificationPageSchema,
  ReverificationSchema,
  type ReverificationSession,
  ReverificationSessionSchema,
} from '@reverify/contract';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { expectError } from '../testing/expect-error.js';
import { startTestServer, type TestServer } from '../testing/harness.js';
import { testPhoto } from '../testing/images.js';
import { enrollWithSelfie, eventsOf, settled, uploadAndSettle } from '../testing/provider-flow.js';
import { startReceiver, type WebhookReceiver } from '../testing/webhook-receiver.js';
import { newWebhookSecret } from '../webhooks/endpoints.js';

let server: TestServer;
let selfie: Buffer;

beforeEach(async () => {
  selfie = await testPhoto(640, 480);
});
afterEach(async () => {
  await server.close();
});

/** Runs one reverification of `referenceId` to the sandbox `outcome`. */
async function decided(referenceId: string, outcome: string): Promise<ReverificationSession> {
  const session = await server.session({ referenceId, sandboxOutcome: outcome, restart: true });
  await uploadAndSettle(server, session, selfie);
  return session;
}

const page = async (query: string) =>
  ReverificationPageSchema.parse(await (await server.call(`/v1/reverifications${query}`)).json());

describe('history', () => {
  beforeEach(async () => {
    server = await startTestServer();
    for (const person of ['alice', 'bob']) {
      expect((await enrollWithSelfie(server, person, selfie)).status).toBe(201);
    }
  });

  it('lists by referenceId and status, newest first, with page, limit and total', async () => {
    const first = await decided('alice', 'approved');
    server.advance(1);
    const second = await decided('alice', 'rejected');
    server.advance(1);
    const third = await server.session({ referenceId: 'alice' });
    await server.session({ referenceId: 'bob' });

    const all = await page('?referenceId=alice');
    expect(all.data.map((r) => r.id)).toEqual([third.id, second.id, first.id]);
    expect(all).toMatchObject({ page: 1, limit: 20, total: 3 });
    expect((await page('?referenceId=alice&limit=2&page=2')).data.map((r) => r.id)).toEqual([
      first.id,
    ]);
    expect((await page('?referenceId=alice&limit=2&page=9')).data).toEqual([]);
    expect((await page('?status=completed')).total).toBe(2);
    expect((await page('?referenceId=alice&decision=rejected')).data.map((r) => r.id)).toEqual([
      second.id,
    ]);
    expect((await page('')).total).toBe(4);
    expect((await page('?limit=100')).limit).toBe(100);
  });

  it('pages with keyset cursors through the whole history, each reverification once', async () => {
    const made: string[] = [];
    for (let i = 0; i < 7; i++) {
      const referenceId = `keyset-${i}`;
      const enrolled = await server.call('/v1/enrollments', {
        json: { referenceId, providerEnrollmentId: `p-${referenceId}` },
      });
      expect(enrolled.status).toBe(201);
      // Two by two at the same instant: the id breaks the tie.
      if (i % 2 === 0) server.advance(1);
      made.push(
        i % 2
          ? (await decided(referenceId, 'approved')).id
          : (await server.session({ referenceId })).id,
      );
    }
    const seen: string[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const answer: ReverificationPage = await page(`?limit=3${cursor ? `&cursor=${cursor}` : ''}`);
      expect(answer).toMatchObject({ total: 7, totalIsLowerBound: false });
      seen.push(...answer.data.map((r) => r.id));
      cursor = answer.nextCursor;
      pages++;
    } while (cursor);
    expect(pages).toBe(3);
    expect([...seen].sort()).toEqual([...made].sort());
    expect(new Set(seen).size).toBe(7);
    // Newest first across pages (pairs share an instant).
    const instants = seen.map((id) => Math.floor(made.indexOf(id) / 2));
    expect(instants).toEqual([...instants].sort((a, b) => b - a));
    const filtered = await page('?status=completed&limit=2');
    const next = await page(`?status=completed&limit=2&cursor=${filtered.nextCursor}`);
    expect([...filtered.data, ...next.data].map((r) => r.id)).toEqual(
      made.filter((_, i) => i % 2).reverse(),
    );
    expect(next.nextCursor).toBeNull();
  });

  it.each([
    ['a cursor no page gave', '?cursor=bm90LWEtY3Vyc29y'],
    [
      'a cursor with a page number',
      `?page=2&cursor=${Buffer.from('2026-01-01T00:00:00.000Z rv_0123456789abcdef01234567').toString('base64url')}`,
    ],
    ['a cursor that is not URL-safe base64', '?cursor=a%2Bb'],
  ])('refuses %s with invalid_request', async (_, query) => {
    const body = await expectError(
      await server.call(`/v1/reverifications${query}`),
      'invalid_request',
    );
    expect(JSON.stringify(body.error)).toContain('cursor');
  });

  it('reads one with details: scores, reasons, provider ids, timestamps', async () => {
    const session = await decided('alice', 'approved');
    const read = ReverificationSchema.parse(
      await (await server.call(`/v1/reverifications/${session.id}?details=true`)).json(),
    );
    expect(read).toMatchObject({
      status: 'completed',
      decision: 'approved',
      reasons: ['selfie_match', 'liveness_passed'],
      details: { matchScore: 0.97, livenessScore: 0.95, review: null },
    });
    expect(read.details?.providerReference).toMatch(/^sbxm_/);
    expect(read.details?.providerEnrollmentId).toMatch(/^sbx_/);
    expect(read.details?.capturedAt).toBe(read.createdAt);
    expect(read.completedAt).not.toBeNull();
  });

  it.each([
    ['?limit=0', 'limit'],
    ['?limit=101', 'limit'],
    ['?page=0', 'page'],
    ['?status=bogus', 'status'],
    ['?referenceId=has%20space', 'referenceId'],
    ['?sort=asc', ''],
  ])('refuses %s with invalid_request', async (query, field) => {
    const body = await expectError(
      await server.call(`/v1/reverifications${query}`),
      'invalid_request',
    );
    expect(JSON.stringify(body.error.details)).toContain(field);
  });

  it('needs the secret key', async () => {
    await expectError(await server.call('/v1/reverifications', { auth: null }), 'unauthorized');
  });
});

describe('manual review', () => {
  let receiver: WebhookReceiver;

  beforeEach(async () => {
    receiver = await startReceiver();
    server = await startTestServer({
      clock: () => new Date(),
      webhooks: {
        endpoints: [{ url: receiver.url, secrets: [newWebhookSecret()] }],
        pollIntervalMs: 30,
      },
    });
    expect((await enrollWithSelfie(server, 'carol', selfie)).status).toBe(201);
  });
  afterEach(async () => {
    await receiver.close();
  });

  const review = (id: string, body: unknown) =>
    server.call(`/v1/reverifications/${id}/review`, { json: body });

  it('queues manual reviews, shows both images, decides, notifies and audits', async () => {
    const session = await decided('carol', 'manual_review');
    const queue = ReverificationPageSchema.parse(await (await server.call('/v1/reviews')).json());
    expect(queue.data.map((r) => [r.id, r.decision])).toEqual([[session.id, 'manual_review']]);

    for (const which of ['capture', 'reference']) {
      const image = await server.call(`/v1/reverifications/${session.id}/images/${which}`, {
        headers: { 'Reverify-Actor': 'ops@example.com' },
      });
      expect(image.status).toBe(200);
      expect(image.headers.get('Content-Type')).toBe('image/jpeg');
      expect(image.headers.get('Cache-Control')).toBe('no-store');
      expect(new Uint8Array(await image.arrayBuffer()).subarray(0, 2)).toEqual(
        new Uint8Array([0xff, 0xd8]),
      );
    }

    const answer = await review(session.id, {
      decision: 'approved',
      reviewedBy: 'ops@example.com',
      reviewNotes: 'Same person; glasses.',
    });
    expect(answer.status).toBe(200);
    const reviewed = ReverificationSchema.parse(await answer.json());
    expect(reviewed).toMatchObject({
      status: 'completed',
      decision: 'approved',
      reasons: ['selfie_unclear', 'liveness_passed', 'review_approved'],
      details: { review: { reviewedBy: 'ops@example.com', reviewNotes: 'Same person; glasses.' } },
    });

    const events = await eventsOf(server, session);
    expect(events.at(-1)).toMatchObject({
      type: 'reverification.completed',
      previousStatus: 'completed',
      decision: 'approved',
    });
    await expect
      .poll(() => receiver.requests.map((r) => JSON.parse(r.body).data?.decision).at(-1), {
        timeout: 5000,
      })
      .toBe('approved');

    const trail = AuditTrailSchema.parse(
      await (await server.call(`/v1/reverifications/${session.id}/audit`)).json(),
    );
    expect(trail.entries.map((e) => [e.action, e.actor, e.notes])).toEqual([
      ['images_viewed', 'ops@example.com', 'capture'],
      ['images_viewed', 'ops@example.com', 'reference'],
      ['review_decided', 'ops@example.com', 'Same person; glasses.'],
    ]);
    expect(trail.entries[2]).toMatchObject({
      previousDecision: 'manual_review',
      decision: 'approved',
    });
    expect(JSON.stringify(trail).length).toBeLessThan(2000);

    expect(
      ReverificationPageSchema.parse(await (await server.call('/v1/reviews')).json()).total,
    ).toBe(0);
    await expectError(
      await review(session.id, { decision: 'rejected', reviewedBy: 'someone-else' }),
      'illegal_transition',
    );
  });

  it('refuses a review of a pending reverification: no selfie to compare yet (VerifyHQ allows it)', async () => {
    await enrollWithSelfie(server, 'erin', selfie);
    const pending = await server.session({ referenceId: 'erin' });
    const refused = await expectError(
      await review(pending.id, { decision: 'approved', reviewedBy: 'ops' }),
      'illegal_transition',
    );
    expect(refused.error.details).toEqual({ status: 'pending', decision: null });
    expect(refused.error.message).toContain('no selfie to compare yet');
    const audit = (await (await server.call(`/v1/reverifications/${pending.id}/audit`)).json()) as {
      entries: unknown[];
    };
    expect(audit.entries).toEqual([]);
  });

  it('refuses bad review input and reviews of anything not in manual review', async () => {
    const session = await decided('carol', 'approved');
    await expectError(await review(session.id, { decision: 'approved' }), 'invalid_request');
    await expectError(
      await review(session.id, { decision: 'manual_review', reviewedBy: 'ops' }),
      'invalid_request',
    );
    await expectError(
      await review(session.id, { decision: 'approved', reviewedBy: '   ' }),
      'invalid_request',
    );
    await expectError(
      await review(session.id, {
        decision: 'approved',
        reviewedBy: 'ops',
        reviewNotes: 'x'.repeat(2001),
      }),
      'invalid_request',
    );
    await expectError(
      await review(session.id, { decision: 'approved', reviewedBy: 'ops' }),
      'illegal_transition',
    );
    await expectError(
      await review('rv_00000000000000000000', { decision: 'approved', reviewedBy: 'ops' }),
      'reverification_not_found',
    );
    await expectError(await server.call('/v1/reviews?limit=101'), 'invalid_request');
    await expectError(
      await server.call(`/v1/reverifications/${session.id}/images/other`),
      'not_found',
    );
    await expectError(
      await server.call('/v1/reverifications/rv_00000000000000000000/audit'),
      'reverification_not_found',
    );
  });

  it('answers image_purged once the images are deleted', async () => {
    const session = await decided('carol', 'manual_review');
    const deleted = await server.call('/v1/references/carol/biometric-data', { method: 'DELETE' });
    expect(deleted.status).toBe(200);
    for (const which of ['capture', 'reference']) {
      await expectError(
        await server.call(`/v1/reverifications/${session.id}/images/${which}`),
        'image_purged',
      );
    }
  });
});

describe('restart', () => {
  const restart = (id: string, body?: unknown, headers: Record<string, string> = {}) =>
    server.call(`/v1/reverifications/${id}/restart`, {
      method: 'POST',
      ...(body === undefined ? {} : { json: body }),
      headers,
    });

  beforeEach(async () => {
    server = await startTestServer({ attempts: { max: 4, windowSeconds: 600 } });
    expect((await enrollWithSelfie(server, 'dave', selfie)).status).toBe(201);
  });

  it('restarts a failed reverification, linked by retryOf, and audits it', async () => {
    const failed = await server.session({
      referenceId: 'dave',
      sandboxOutcome: 'failed',
      metadata: { order: 'A7' },
    });
    expect(await uploadAndSettle(server, failed, selfie)).toMatchObject({ status: 'failed' });
    const answer = await restart(failed.id, undefined, { 'Reverify-Actor': 'support-42' });
    expect(answer.status).toBe(201);
    const restarted = ReverificationSessionSchema.parse(await answer.json());
    expect(restarted).toMatchObject({
      retryOf: failed.id,
      referenceId: 'dave',
      status: 'pending',
      metadata: { order: 'A7' },
    });
    expect(await uploadAndSettle(server, restarted, selfie)).toMatchObject({
      decision: 'approved',
    });
    const trail = AuditTrailSchema.parse(
      await (await server.call(`/v1/reverifications/${failed.id}/audit`)).json(),
    );
    expect(trail.entries).toMatchObject([
      { action: 'restarted', actor: 'support-42', relatedReverificationId: restarted.id },
    ]);
  });

  it('restarts an expired one with new options', async () => {
    const session = await server.session({ referenceId: 'dave', timeoutSeconds: 30 });
    server.advance(31);
    const restarted = (await (
      await restart(session.id, { timeoutSeconds: 120 })
    ).json()) as Reverification;
    expect(restarted).toMatchObject({ retryOf: session.id, timeoutSeconds: 120 });
    expect((await settled(server, session.id).catch(() => null))?.status ?? 'expired').toBe(
      'expired',
    );
  });

  it('restarts a rejected reverification, as VerifyHQ restarts one that was rejected', async () => {
    const rejected = await server.session({ referenceId: 'dave', sandboxOutcome: 'rejected' });
    expect(await uploadAndSettle(server, rejected, selfie)).toMatchObject({
      status: 'completed',
      decision: 'rejected',
    });
    const answer = await restart(rejected.id);
    expect(answer.status).toBe(201);
    expect(ReverificationSessionSchema.parse(await answer.json())).toMatchObject({
      retryOf: rejected.id,
    });
  });

  it('does not restart an approval or a case waiting for review', async () => {
    for (const outcome of ['approved', 'manual_review'] as const) {
      const decided = await server.session({ referenceId: 'dave', sandboxOutcome: outcome });
      await uploadAndSettle(server, decided, selfie);
      const refused = await expectError(await restart(decided.id), 'illegal_transition');
      expect(refused.error.details).toEqual({ status: 'completed', decision: outcome });
    }
  });

  it('conflicts while one is active and refuses to restart what did not fail', async () => {
    const failed = await server.session({ referenceId: 'dave', sandboxOutcome: 'failed' });
    await uploadAndSettle(server, failed, selfie);
    const active = ReverificationSessionSchema.parse(await (await restart(failed.id)).json());
    const conflict = await expectError(await restart(failed.id), 'reverification_active');
    expect(conflict.error.details).toEqual({ activeReverificationId: active.id });
    await expectError(await restart(active.id), 'illegal_transition');
    await expectError(await restart('rv_00000000000000000000'), 'reverification_not_found');
    await expectError(await restart(failed.id, { timeoutSeconds: 5 }), 'invalid_request');
    await expectError(await restart(failed.id, { referenceId: 'someone-else' }), 'invalid_request');
  });

  it('limits attempts per referenceId per window, with Retry-After', async () => {
    for (let i = 0; i < 4; i++) {
      await server.session({ referenceId: 'dave', restart: true });
      server.advance(10);
    }
    const refused = await server.call('/v1/reverifications', {
      json: { referenceId: 'dave', restart: true },
    });
    const body = await expectError(refused, 'too_many_attempts');
    expect(body.error.details).toEqual({ max: 4, windowSeconds: 600 });
    expect(Number(refused.headers.get('Retry-After'))).toBe(560);
    // Getting the active one back is not an attempt.
    expect(
      (await server.call('/v1/reverifications', { json: { referenceId: 'dave' } })).status,
    ).toBe(200);
    server.advance(561);
    expect(
      (await server.call('/v1/reverifications', { json: { referenceId: 'dave', restart: true } }))
        .status,
    ).toBe(201);
  });
});
