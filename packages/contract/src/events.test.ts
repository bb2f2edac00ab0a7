import { describe, expect, it } from 'vitest';
import { eventTypeFor, StreamEventSchema, WebhookPayloadSchema } from './events.js';
import { describeSchema, without } from './schema-cases.test-helper.js';

describeSchema(
  'StreamEventSchema',
  StreamEventSchema,
  {
    sequence: 3,
    type: 'reverification.completed',
    reverificationId: 'rv_0123456789abcdefABCD',
    referenceId: 'customer-42',
    previousStatus: 'processing',
    status: 'completed',
    decision: 'manual_review',
    reasons: ['selfie_unclear'],
    occurredAt: '2026-11-25T09:00:05.000Z',
  },
  [
    { why: 'a sequence of 0', mutate: (v) => ({ ...v, sequence: 0 }), path: 'sequence' },
    {
      why: 'an unknown type',
      mutate: (v) => ({ ...v, type: 'reverification.deleted' }),
      path: 'type',
    },
    { why: 'a missing status', mutate: (v) => without(v, 'status'), path: 'status' },
    { why: 'an unknown field', mutate: (v) => ({ ...v, clientToken: 'x' }), path: '' },
  ],
);

describeSchema(
  'WebhookPayloadSchema',
  WebhookPayloadSchema,
  {
    eventId: 'evt_0123456789abcdefABCD',
    eventType: 'reverification.completed',
    eventVersion: '1.0',
    timestamp: '2026-11-25T09:00:05.000Z',
    source: 'reverify',
    data: {
      reverificationId: 'rv_0123456789abcdefABCD',
      referenceId: 'customer-42',
      previousStatus: 'processing',
      currentStatus: 'completed',
      decision: 'rejected',
      reasons: ['selfie_no_match', 'liveness_passed'],
    },
  },
  [
    { why: 'a malformed eventId', mutate: (v) => ({ ...v, eventId: 'x' }), path: 'eventId' },
    {
      why: 'another eventVersion',
      mutate: (v) => ({ ...v, eventVersion: '2.0' }),
      path: 'eventVersion',
    },
    { why: 'another source', mutate: (v) => ({ ...v, source: 'vecu-idv' }), path: 'source' },
    {
      why: 'a missing currentStatus',
      mutate: (v) => ({ ...v, data: without(v.data as Record<string, unknown>, 'currentStatus') }),
      path: 'data.currentStatus',
    },
    {
      why: 'an unknown reason',
      mutate: (v) => ({ ...v, data: { ...(v.data as object), reasons: ['fraud'] } }),
      path: 'data.reasons.0',
    },
    {
      why: 'an unknown data field',
      mutate: (v) => ({ ...v, data: { ...(v.data as object), selfieUrl: 'https://x' } }),
      path: 'data',
    },
  ],
);

describe('eventTypeFor', () => {
  it('names terminal statuses after themselves and the rest status_changed', () => {
    expect(eventTypeFor('completed')).toBe('reverification.completed');
    expect(eventTypeFor('failed')).toBe('reverification.failed');
    expect(eventTypeFor('expired')).toBe('reverification.expired');
    expect(eventTypeFor('capturing')).toBe('reverification.status_changed');
    expect(eventTypeFor('processing')).toBe('reverification.status_changed');
  });
});
