import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { StoredClip } from '../plugin/presence.js';
import { enrollmentRow, pendingEventRow, reverificationRow } from '../testing/records.js';
import type {
  DeliveryRecord,
  ReverificationRecord,
  ReverifyStore,
  StoredImage,
  StoreTransaction as StoreTransactionLike,
} from './store.js';

/** Every migration, in the order a store records them applied: written out, so a new one is noticed. */
export const MIGRATION_NAMES = [
  '0001_initial',
  '0002_webhooks',
  '0003_provider_templates',
  '0004_operations',
  '0005_presence',
  '0006_assurance',
  '0007_batch_reports',
  '0008_api_keys',
  '0009_scale',
  '0010_rate_limits',
  '0011_factors',
  '0012_token_owner',
];

const image: StoredImage = {
  bytes: new Uint8Array([1, 2, 3]),
  format: 'jpeg',
  width: 4,
  height: 3,
};

const clip: StoredClip = {
  bytes: new Uint8Array([0x1a, 0x45, 0xdf, 0xa3]),
  mimeType: 'video/webm',
  durationMs: 4200,
  width: 640,
  height: 480,
  codec: 'vp8',
};

function delivery(eventId: string, patch: Partial<DeliveryRecord> = {}): DeliveryRecord {
  const endpointId = patch.endpointId ?? 'we_aaaaaaaaaaaa';
  return {
    id: `${eventId}:${endpointId}`,
    eventId,
    endpointId,
    eventType: 'reverification.status_changed',
    reverificationId: 'rv_1',
    sequence: 1,
    payload: `{"eventId":"${eventId}"}`,
    status: 'pending',
    attempts: 0,
    nextAttemptAt: '2026-01-01T00:00:00.000Z',
    lastStatus: null,
    lastError: null,
    createdAt: '2026-01-01T00:00:00.000Z',
    updatedAt: '2026-01-01T00:00:00.000Z',
    deliveredAt: null,
    ...patch,
  };
}

/**
 * The behaviour every {@link ReverifyStore} must have. Each implementation's
 * test file calls this with a factory for a fresh, empty store.
 */
export function describeStoreConformance(name: string, open: () => Promise<ReverifyStore>): void {
  describe(`${name} store conformance`, () => {
    let store: ReverifyStore;
    beforeEach(async () => {
      store = await open();
    });
    afterEach(async () => {
      await store.close();
    });

    it('round-trips an enrollment and finds it by referenceId', async () => {
      const enrollment = enrollmentRow('ref-1', {
        id: 'en_1',
        metadata: { a: 1, b: 'two', c: true },
      });
      await store.transaction((tx) => tx.putEnrollment(enrollment));
      await store.transaction((tx) =>
        tx.putEnrollment({ ...enrollment, status: 'failure', failureReason: 'no_face' }),
      );
      expect(await store.transaction((tx) => tx.getEnrollment('en_1'))).toEqual({
        ...enrollment,
        status: 'failure',
        failureReason: 'no_face',
      });
      expect((await store.transaction((tx) => tx.getEnrollmentByReference('ref-1')))?.id).toBe(
        'en_1',
      );
      expect(await store.transaction((tx) => tx.getEnrollmentByReference('nobody'))).toBeNull();
      await expect(
        store.transaction((tx) => tx.putEnrollment({ ...enrollment, id: 'en_2' })),
      ).rejects.toThrow();
    });

    it('stores and deletes a reference image', async () => {
      await store.transaction(async (tx) => {
        await tx.putEnrollment(enrollmentRow('ref-1', { id: 'en_1' }));
        await tx.putReferenceImage('en_1', image);
      });
      expect(await store.transaction((tx) => tx.getReferenceImage('en_1'))).toEqual(image);
      await store.transaction((tx) => tx.putReferenceImage('en_1', null));
      expect(await store.transaction((tx) => tx.getReferenceImage('en_1'))).toBeNull();
    });

    it('rolls back every write of a failed transaction', async () => {
      await expect(
        store.transaction(async (tx) => {
          await tx.insertReverification(reverificationRow('rv_1'));
          await tx.appendEvent(pendingEventRow('rv_1'));
          throw new Error('crash between writes');
        }),
      ).rejects.toThrow('crash between writes');
      expect(await store.transaction((tx) => tx.getReverification('rv_1'))).toBeNull();
      expect(await store.transaction((tx) => tx.listEvents('rv_1', 0))).toEqual([]);
    });

    it('keeps events in sequence order, knows the last one, and rejects a duplicate sequence', async () => {
      await store.transaction((tx) => tx.insertReverification(reverificationRow('rv_1')));
      const event = (sequence: number) => pendingEventRow('rv_1', sequence);
      expect(await store.transaction((tx) => tx.lastEventSequence('rv_1'))).toBe(0);
      await store.transaction(async (tx) => {
        await tx.appendEvent(event(1));
        await tx.appendEvent(event(2));
        await tx.appendEvent(event(3));
      });
      expect(
        (await store.transaction((tx) => tx.listEvents('rv_1', 1))).map((e) => e.sequence),
      ).toEqual([2, 3]);
      expect(await store.transaction((tx) => tx.lastEventSequence('rv_1'))).toBe(3);
      expect(await store.transaction((tx) => tx.lastEventSequence('rv_other'))).toBe(0);
      await expect(store.transaction((tx) => tx.appendEvent(event(2)))).rejects.toThrow();
    });

    it('round-trips a reverification with its tier and workflow', async () => {
      const record = reverificationRow('rv_tier', { tier: 'BASIC', workflow: 'quick-check' });
      await store.transaction((tx) => tx.insertReverification(record));
      expect(await store.transaction((tx) => tx.getReverification('rv_tier'))).toEqual(record);
      const updated = { ...record, tier: 'STANDARD' as const, workflow: null };
      await store.transaction((tx) => tx.updateReverification(updated));
      expect(await store.transaction((tx) => tx.getReverification('rv_tier'))).toEqual(updated);
    });

    it("updates a reverification's state, never its id, reference or creation time", async () => {
      const record = reverificationRow('rv_fixed');
      await store.transaction((tx) => tx.insertReverification(record));
      await store.transaction((tx) =>
        tx.updateReverification({
          ...record,
          status: 'capturing',
          referenceId: 'someone-else',
          createdAt: '2030-01-01T00:00:00.000Z',
        }),
      );
      expect(await store.transaction((tx) => tx.getReverification('rv_fixed'))).toEqual({
        ...record,
        status: 'capturing',
      });
    });

    it("updates a delivery's progress, never the event it carries", async () => {
      const row = delivery('evt_fixed');
      await store.transaction((tx) => tx.insertDeliveries([row]));
      await store.transaction((tx) =>
        tx.updateDelivery({
          ...row,
          payload: '{"forged":true}',
          sequence: 9,
          status: 'dead',
          attempts: 3,
        }),
      );
      const [stored] = await store.transaction((tx) =>
        tx.listDeliveries({ eventId: 'evt_fixed', limit: 1 }),
      );
      expect(stored).toEqual({ ...row, status: 'dead', attempts: 3 });
    });

    it('grants an uncontended named lock', async () => {
      expect(await store.transaction((tx) => tx.tryLock('reverify.sweep.expiry'))).toBe(true);
    });

    it('reads many reverifications by id in one call, past the bound-parameter cap', async () => {
      const ids = Array.from({ length: 1201 }, (_, i) => `rv_many_${i}`);
      await store.transaction(async (tx) => {
        for (const id of ids) await tx.insertReverification(reverificationRow(id));
      });
      const found = await store.transaction((tx) => tx.getReverifications([...ids, 'rv_missing']));
      expect(found.map((r) => r.id).sort()).toEqual([...ids].sort());
      expect(await store.transaction((tx) => tx.getReverifications([]))).toEqual([]);
    });

    it('finds the newest active reverification and the ones due for expiry', async () => {
      await store.transaction(async (tx) => {
        await tx.insertReverification(
          reverificationRow('rv_old', { status: 'completed', decision: 'approved' }),
        );
        await tx.insertReverification(
          reverificationRow('rv_a', {
            createdAt: '2026-01-01T00:00:01.000Z',
            expiresAt: '2026-01-01T00:01:00.000Z',
          }),
        );
        await tx.insertReverification(
          reverificationRow('rv_b', {
            createdAt: '2026-01-01T00:00:02.000Z',
            status: 'processing',
            expiresAt: '2026-01-01T00:04:00.000Z',
          }),
        );
        await tx.insertReverification(
          reverificationRow('rv_other', { referenceId: 'ref-2', status: 'capturing' }),
        );
      });
      expect((await store.transaction((tx) => tx.findActiveReverification('ref-1')))?.id).toBe(
        'rv_b',
      );
      expect(await store.transaction((tx) => tx.findActiveReverification('ref-3'))).toBeNull();
      const due = await store.transaction((tx) =>
        tx.listDueForExpiry('2026-01-01T00:05:00.000Z', 10),
      );
      expect(due.map((r) => r.id)).toEqual(['rv_a', 'rv_b', 'rv_other']);
      expect(
        await store.transaction((tx) => tx.listDueForExpiry('2026-01-01T00:00:59.000Z', 10)),
      ).toEqual([]);
    });

    it("lists a provider's processing matches that have a provider reference", async () => {
      await store.transaction(async (tx) => {
        const processing = { status: 'processing' as const, provider: 'truora' };
        await tx.insertReverification(
          reverificationRow('rv_late', {
            ...processing,
            providerReference: 'VLD2',
            expiresAt: '2026-01-01T00:09:00.000Z',
          }),
        );
        await tx.insertReverification(
          reverificationRow('rv_early', { ...processing, providerReference: 'VLD1' }),
        );
        await tx.insertReverification(reverificationRow('rv_unnamed', processing));
        await tx.insertReverification(
          reverificationRow('rv_decided', {
            ...processing,
            status: 'completed',
            providerReference: 'VLD3',
          }),
        );
        await tx.insertReverification(
          reverificationRow('rv_sandbox', { status: 'processing', providerReference: 'sbx' }),
        );
      });
      const listed = await store.transaction((tx) =>
        tx.listProcessing('truora', 10, { withReference: true }),
      );
      expect(listed.map((r) => [r.id, r.providerReference])).toEqual([
        ['rv_early', 'VLD1'],
        ['rv_late', 'VLD2'],
      ]);
      expect(
        await store.transaction((tx) => tx.listProcessing('truora', 1, { withReference: true })),
      ).toHaveLength(1);
      const all = await store.transaction((tx) =>
        tx.listProcessing('truora', 10, { withReference: false }),
      );
      expect(all.map((r) => r.id).sort()).toEqual(['rv_early', 'rv_late', 'rv_unnamed']);
    });

    it('spends a token once', async () => {
      await store.transaction(async (tx) => {
        await tx.insertReverification(reverificationRow('rv_1'));
        await tx.insertToken({
          hash: 'h1',
          reverificationId: 'rv_1',
          scope: 'upload',
          expiresAt: '2026-01-01T00:15:00.000Z',
          usedAt: null,
        });
      });
      expect(
        await store.transaction((tx) => tx.markTokenUsed('h1', '2026-01-01T00:01:00.000Z')),
      ).toBe(true);
      expect(
        await store.transaction((tx) => tx.markTokenUsed('h1', '2026-01-01T00:02:00.000Z')),
      ).toBe(false);
      expect((await store.transaction((tx) => tx.getToken('h1')))?.usedAt).toBe(
        '2026-01-01T00:01:00.000Z',
      );
      expect(
        await store.transaction((tx) => tx.markTokenUsed('nope', '2026-01-01T00:02:00.000Z')),
      ).toBe(false);
    });

    it('keeps one capture per reverification and purges its image when due', async () => {
      await store.transaction(async (tx) => {
        await tx.insertReverification(
          reverificationRow('rv_1', {
            status: 'completed',
            decision: 'approved',
            purgeAfter: '2026-01-02T00:00:00.000Z',
          }),
        );
        await tx.insertCapture({
          id: 'cap_1',
          reverificationId: 'rv_1',
          idempotencyKey: 'k1',
          image,
          checks: null,
          presence: null,
          createdAt: '2026-01-01T00:00:00.000Z',
          purgedAt: null,
        });
        await tx.insertKeyframes('cap_1', [{ name: 'peak_1', atMs: 900, image }]);
      });
      await expect(
        store.transaction((tx) =>
          tx.insertCapture({
            id: 'cap_2',
            reverificationId: 'rv_1',
            idempotencyKey: null,
            image,
            checks: null,
            presence: null,
            createdAt: '2026-01-01T00:00:00.000Z',
            purgedAt: null,
          }),
        ),
      ).rejects.toThrow();
      expect(await store.transaction((tx) => tx.purgeCaptures('2026-01-01T23:59:59.999Z'))).toBe(0);
      expect(
        (await store.transaction((tx) => tx.getCaptureByReverification('rv_1')))?.image,
      ).toEqual(image);
      expect(await store.transaction((tx) => tx.listKeyframes('rv_1'))).toHaveLength(1);
      expect(await store.transaction((tx) => tx.purgeCaptures('2026-01-02T00:00:00.000Z'))).toBe(1);
      expect(await store.transaction((tx) => tx.listKeyframes('rv_1'))).toEqual([]);
      const purged = await store.transaction((tx) => tx.getCaptureByReverification('rv_1'));
      expect(purged?.image).toBeNull();
      expect(purged?.purgedAt).toBe('2026-01-02T00:00:00.000Z');
      expect(purged?.idempotencyKey).toBe('k1');
    });

    it('deletes all biometric data of one referenceId only', async () => {
      await store.transaction(async (tx) => {
        for (const ref of ['ref-1', 'ref-2']) {
          await tx.putEnrollment(enrollmentRow(ref));
          await tx.putReferenceImage(`en_${ref}`, image);
          await tx.putTemplate('local', ref, new Uint8Array([9, 9]));
          await tx.insertReverification(reverificationRow(`rv_${ref}`, { referenceId: ref }));
          await tx.insertCapture({
            id: `cap_${ref}`,
            reverificationId: `rv_${ref}`,
            idempotencyKey: null,
            image,
            checks: null,
            presence: null,
            createdAt: '2026-01-01T00:00:00.000Z',
            purgedAt: null,
          });
          await tx.insertKeyframes(`cap_${ref}`, [
            { name: 'peak_1', atMs: 900, image },
            { name: 'return', atMs: 1900, image },
          ]);
          await tx.insertClip(`cap_${ref}`, clip);
        }
      });
      expect(
        await store.transaction((tx) =>
          tx.deleteBiometricData('ref-1', '2026-01-01T01:00:00.000Z'),
        ),
      ).toEqual({ referenceImages: 1, captures: 1, templates: 1, keyframes: 2, clips: 1 });
      expect(await store.transaction((tx) => tx.listKeyframes('rv_ref-1'))).toEqual([]);
      expect(await store.transaction((tx) => tx.getClip('rv_ref-1'))).toBeNull();
      expect(
        (await store.transaction((tx) => tx.listKeyframes('rv_ref-2'))).map((k) => k.name),
      ).toEqual(['peak_1', 'return']);
      expect(await store.transaction((tx) => tx.getClip('rv_ref-2'))).toEqual(clip);
      expect(await store.transaction((tx) => tx.getReferenceImage('en_ref-1'))).toBeNull();
      expect(
        (await store.transaction((tx) => tx.getCaptureByReverification('rv_ref-1')))?.image,
      ).toBeNull();
      expect(await store.transaction((tx) => tx.getTemplate('local', 'ref-1'))).toBeNull();
      expect(await store.transaction((tx) => tx.getTemplate('local', 'ref-2'))).toEqual(
        new Uint8Array([9, 9]),
      );
      expect(await store.transaction((tx) => tx.getReferenceImage('en_ref-2'))).toEqual(image);
      expect(
        (await store.transaction((tx) => tx.getCaptureByReverification('rv_ref-2')))?.image,
      ).toEqual(image);
    });

    it('hands out due webhook deliveries in per-reverification order', async () => {
      await store.transaction((tx) =>
        tx.insertDeliveries([
          delivery('evt_a1', { sequence: 1 }),
          delivery('evt_a2', { sequence: 2 }),
          delivery('evt_b1', {
            reverificationId: 'rv_2',
            nextAttemptAt: '2026-01-01T00:00:01.000Z',
          }),
          delivery('evt_later', {
            reverificationId: 'rv_3',
            nextAttemptAt: '2026-01-01T01:00:00.000Z',
          }),
          delivery('evt_other', {
            endpointId: 'we_bbbbbbbbbbbb',
            reverificationId: 'rv_1',
            sequence: 2,
          }),
          delivery('evt_test', { reverificationId: null, sequence: 0, eventType: 'webhook.test' }),
        ]),
      );
      const due = (exclude: string[] = []) =>
        store.transaction((tx) => tx.dueDeliveries('2026-01-01T00:00:05.000Z', 10, exclude));
      expect((await due()).map((d) => d.eventId).sort()).toEqual([
        'evt_a1',
        'evt_b1',
        'evt_other',
        'evt_test',
      ]);
      expect((await due(['we_bbbbbbbbbbbb'])).map((d) => d.eventId)).not.toContain('evt_other');
      const [first] = await store.transaction((tx) =>
        tx.listDeliveries({ eventId: 'evt_a1', limit: 1 }),
      );
      await store.transaction((tx) =>
        tx.updateDelivery({
          ...(first as DeliveryRecord),
          status: 'delivered',
          nextAttemptAt: null,
          attempts: 1,
        }),
      );
      expect((await due()).map((d) => d.eventId)).toContain('evt_a2');
      expect(await store.transaction((tx) => tx.countDeliveries('we_aaaaaaaaaaaa'))).toEqual({
        pending: 4,
        dead: 0,
      });
      expect(
        (
          await store.transaction((tx) => tx.listDeliveries({ status: 'delivered', limit: 10 }))
        ).map((d) => d.eventId),
      ).toEqual(['evt_a1']);
      await expect(
        store.transaction((tx) => tx.insertDeliveries([delivery('evt_a1')])),
      ).rejects.toThrow();
    });

    it('round-trips webhook endpoint state', async () => {
      const state = {
        id: 'we_aaaaaaaaaaaa',
        disabledAt: '2026-01-01T00:00:00.000Z',
        consecutiveFailures: 3,
        lastSuccessAt: null,
        lastFailureAt: '2026-01-01T00:00:00.000Z',
        lastStatus: 410,
      };
      await store.transaction((tx) => tx.putEndpointState(state));
      await store.transaction((tx) => tx.putEndpointState({ ...state, consecutiveFailures: 4 }));
      expect(await store.transaction((tx) => tx.getEndpointState('we_aaaaaaaaaaaa'))).toEqual({
        ...state,
        consecutiveFailures: 4,
      });
      expect(await store.transaction((tx) => tx.getEndpointState('we_unknown'))).toBeNull();
    });

    it('pages reverifications by filters, newest or oldest first, with a total', async () => {
      await store.transaction(async (tx) => {
        for (let i = 0; i < 7; i++) {
          await tx.insertReverification(
            reverificationRow(`rv_page${i}`, {
              referenceId: i < 5 ? 'ref-a' : 'ref-b',
              status: i % 2 ? 'completed' : 'expired',
              decision: i % 2 ? 'manual_review' : null,
              createdAt: `2026-01-01T00:0${i}:00.000Z`,
            }),
          );
        }
      });
      const list = (filter: Partial<Parameters<StoreTransactionLike['listReverifications']>[0]>) =>
        store.transaction((tx) =>
          tx.listReverifications({
            order: 'newest',
            offset: 0,
            limit: 10,
            countUpTo: 100,
            ...filter,
          }),
        );
      const ids = (page: { records: ReverificationRecord[] }) => page.records.map((r) => r.id);
      expect(ids(await list({ referenceId: 'ref-a', limit: 2 }))).toEqual(['rv_page4', 'rv_page3']);
      expect((await list({ referenceId: 'ref-a', limit: 2 })).total).toBe(5);
      expect(ids(await list({ referenceId: 'ref-a', limit: 2, offset: 4 }))).toEqual(['rv_page0']);
      expect(
        ids(await list({ status: 'completed', decision: 'manual_review', order: 'oldest' })),
      ).toEqual(['rv_page1', 'rv_page3', 'rv_page5']);
      expect(await list({ referenceId: 'nobody' })).toEqual({ records: [], total: 0 });
      // Keyset: after a position in either order, whatever the filters; the count stops at its cap.
      const after = { createdAt: '2026-01-01T00:03:00.000Z', id: 'rv_page3' };
      expect(ids(await list({ after, limit: 2 }))).toEqual(['rv_page2', 'rv_page1']);
      expect(ids(await list({ after, order: 'oldest' }))).toEqual([
        'rv_page4',
        'rv_page5',
        'rv_page6',
      ]);
      expect(ids(await list({ after, referenceId: 'ref-b' }))).toEqual([]);
      expect((await list({ after, limit: 1 })).total).toBe(7);
      expect((await list({ countUpTo: 3 })).total).toBe(3);
      expect(
        await store.transaction((tx) => tx.countCreatedSince('ref-a', '2026-01-01T00:02:00.000Z')),
      ).toEqual({ count: 3, oldest: '2026-01-01T00:02:00.000Z' });
      expect(
        await store.transaction((tx) => tx.countCreatedSince('ref-a', '2026-01-02T00:00:00.000Z')),
      ).toEqual({ count: 0, oldest: null });
    });

    it('spends every open token of one scope of a reverification', async () => {
      await store.transaction(async (tx) => {
        await tx.insertReverification(reverificationRow('rv_1'));
        for (const [hash, scope] of [
          ['h1', 'handoff'],
          ['h2', 'handoff'],
          ['h3', 'upload'],
        ] as const) {
          await tx.insertToken({
            hash,
            reverificationId: 'rv_1',
            scope,
            expiresAt: '2026-01-01T01:00:00.000Z',
            usedAt: null,
          });
        }
        await tx.spendTokens('rv_1', 'handoff', '2026-01-01T00:01:00.000Z');
      });
      const used = await store.transaction(async (tx) =>
        Promise.all(['h1', 'h2', 'h3'].map(async (hash) => (await tx.getToken(hash))?.usedAt)),
      );
      expect(used).toEqual(['2026-01-01T00:01:00.000Z', '2026-01-01T00:01:00.000Z', null]);
    });

    it('appends audit entries in order and keeps them through rollbacks of other work', async () => {
      const entry = {
        reverificationId: 'rv_1',
        referenceId: 'ref-1',
        action: 'review_decided' as const,
        actor: 'ops@example.com',
        occurredAt: '2026-01-01T00:01:00.000Z',
        previousDecision: 'manual_review' as const,
        decision: 'approved' as const,
        notes: 'same person',
        relatedReverificationId: null,
      };
      await store.transaction((tx) => tx.appendAudit(entry));
      await store.transaction((tx) =>
        tx.appendAudit({
          ...entry,
          action: 'images_viewed',
          decision: null,
          previousDecision: null,
          notes: null,
        }),
      );
      await expect(
        store.transaction(async (tx) => {
          await tx.appendAudit({ ...entry, actor: 'rolled-back' });
          throw new Error('abort');
        }),
      ).rejects.toThrow('abort');
      const trail = await store.transaction((tx) => tx.listAudit('rv_1'));
      expect(trail.map((e) => [e.id, e.action, e.actor])).toEqual([
        [1, 'review_decided', 'ops@example.com'],
        [2, 'images_viewed', 'ops@example.com'],
      ]);
      expect(trail[0]).toEqual({ ...entry, id: 1 });
      expect(await store.transaction((tx) => tx.listAudit('rv_other'))).toEqual([]);
    });

    it('keeps batches and their items, pending ones in row order', async () => {
      const batch = {
        id: 'bat_aaaaaaaaaaaaaaaa',
        status: 'queued' as const,
        options: {
          origin: 'https://api.test',
          timeoutSeconds: 600,
          metadata: { campaign: 'q4' },
          sendMessage: false,
          locale: 'en' as const,
        },
        total: 1200,
        processed: 0,
        failed: 0,
        createdAt: '2026-01-01T00:00:00.000Z',
        updatedAt: '2026-01-01T00:00:00.000Z',
        completedAt: null,
        reportStatus: 'pending' as const,
        reportCsv: null,
        reportGeneratedAt: null,
      };
      const items = Array.from({ length: 1200 }, (_, row) => ({
        batchId: batch.id,
        row,
        referenceId: `person-${row}`,
        phoneNumber: row === 0 ? '+5511912345678' : null,
        email: null,
        status: 'pending' as const,
        errorCode: null,
        reverificationId: null,
        messageChannel: null,
        leaseUntil: null,
        updatedAt: batch.createdAt,
      }));
      await store.transaction((tx) => tx.insertBatch(batch, items));
      await store.transaction((tx) =>
        tx.updateBatchItem({
          ...(items[0] as (typeof items)[number]),
          status: 'invited',
          reverificationId: 'rv_1',
          messageChannel: 'sms',
        } as never),
      );
      const claim = (now: string, until: string, limit: number) =>
        store.transaction((tx) => tx.claimBatchItems(batch.id, now, until, limit));
      const first = await claim('2026-01-01T00:01:00.000Z', '2026-01-01T00:03:00.000Z', 3);
      expect(first.map((item) => [item.row, item.leaseUntil])).toEqual([
        [1, '2026-01-01T00:03:00.000Z'],
        [2, '2026-01-01T00:03:00.000Z'],
        [3, '2026-01-01T00:03:00.000Z'],
      ]);
      // Held rows are skipped until their lease ends.
      const second = await claim('2026-01-01T00:02:00.000Z', '2026-01-01T00:04:00.000Z', 2);
      expect(second.map((item) => item.row)).toEqual([4, 5]);
      const afterLease = await claim('2026-01-01T00:03:00.000Z', '2026-01-01T00:05:00.000Z', 4);
      expect(afterLease.map((item) => item.row)).toEqual([1, 2, 3, 6]);
      expect(await store.transaction((tx) => tx.getBatchItem(batch.id, 2))).toMatchObject({
        status: 'pending',
        leaseUntil: '2026-01-01T00:05:00.000Z',
      });
      expect(await store.transaction((tx) => tx.getBatchItem(batch.id, 5000))).toBeNull();
      const all = await store.transaction((tx) => tx.listBatchItems(batch.id, 5000));
      expect(all).toHaveLength(1200);
      expect(all[0]).toMatchObject({
        status: 'invited',
        reverificationId: 'rv_1',
        messageChannel: 'sms',
        phoneNumber: '+5511912345678',
      });
      expect(await store.transaction((tx) => tx.listUnfinishedBatches())).toEqual([batch]);
      const done = {
        ...batch,
        status: 'completed' as const,
        processed: 1200,
        completedAt: '2026-01-01T00:05:00.000Z',
        reportStatus: 'ready' as const,
        reportCsv: 'referenceId\n',
        reportGeneratedAt: '2026-01-01T00:05:00.000Z',
      };
      await store.transaction((tx) => tx.updateBatch(done));
      expect(await store.transaction((tx) => tx.getBatch(batch.id))).toEqual(done);
      expect(await store.transaction((tx) => tx.listUnfinishedBatches())).toEqual([]);
      expect(await store.transaction((tx) => tx.getBatch('bat_unknown'))).toBeNull();
      const report = (id: string, createdAt: string) => ({
        id,
        batchId: batch.id,
        status: 'PENDING' as const,
        requester: 'ops',
        csv: null,
        createdAt,
        completedAt: null,
      });
      await store.transaction(async (tx) => {
        await tx.insertReport(report('rpt_b', '2026-01-01T00:06:00.000Z'));
        await tx.insertReport(report('rpt_a', '2026-01-01T00:06:01.000Z'));
      });
      const ready = {
        ...report('rpt_b', '2026-01-01T00:06:00.000Z'),
        status: 'READY' as const,
        csv: 'referenceId\n',
        completedAt: '2026-01-01T00:07:00.000Z',
      };
      await store.transaction((tx) => tx.updateReport(ready));
      expect(await store.transaction((tx) => tx.getReport('rpt_b'))).toEqual(ready);
      expect(
        (await store.transaction((tx) => tx.listPendingReports(batch.id))).map((r) => r.id),
      ).toEqual(['rpt_a']);
      expect(await store.transaction((tx) => tx.listPendingReports('bat_other'))).toEqual([]);
      expect(await store.transaction((tx) => tx.getReport('rpt_unknown'))).toBeNull();
    });

    it('keeps scoped API keys by id and by hash, with unique hashes', async () => {
      const key = {
        id: 'key_b',
        name: 'reviewer',
        hash: 'a'.repeat(64),
        scopes: ['reviews', 'history:read'] as const,
        createdAt: '2026-01-01T00:00:00.000Z',
        expiresAt: null,
        revokedAt: null,
      };
      await store.transaction(async (tx) => {
        await tx.insertApiKey({ ...key, scopes: [...key.scopes] });
        await tx.insertApiKey({
          ...key,
          id: 'key_a',
          hash: 'b'.repeat(64),
          createdAt: '2026-01-02T00:00:00.000Z',
        });
      });
      await expect(
        store.transaction((tx) =>
          tx.insertApiKey({ ...key, id: 'key_c', scopes: [...key.scopes] }),
        ),
      ).rejects.toThrow();
      expect(await store.transaction((tx) => tx.findApiKeyByHash('a'.repeat(64)))).toEqual(key);
      const revoked = { ...key, scopes: [...key.scopes], revokedAt: '2026-01-03T00:00:00.000Z' };
      await store.transaction((tx) => tx.updateApiKey(revoked));
      expect(await store.transaction((tx) => tx.getApiKey('key_b'))).toEqual(revoked);
      expect((await store.transaction((tx) => tx.listApiKeys())).map((k) => k.id)).toEqual([
        'key_b',
        'key_a',
      ]);
      expect(await store.transaction((tx) => tx.findApiKeyByHash('c'.repeat(64)))).toBeNull();
    });

    it('serializes concurrent transactions (no lost update)', async () => {
      await store.transaction((tx) =>
        tx.insertReverification(reverificationRow('rv_1', { matchScore: 0 })),
      );
      await Promise.all(
        Array.from({ length: 20 }, () =>
          store.transaction(async (tx) => {
            const current = await tx.getReverification('rv_1');
            await new Promise((r) => setTimeout(r, 1));
            await tx.updateReverification({
              ...(current as ReverificationRecord),
              matchScore: (current?.matchScore ?? 0) + 0.01,
            });
          }),
        ),
      );
      const final = await store.transaction((tx) => tx.getReverification('rv_1'));
      expect(final?.matchScore).toBeCloseTo(0.2, 6);
    });
  });
}
