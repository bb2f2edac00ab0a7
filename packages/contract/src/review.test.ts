import { AuditEntrySchema, ReviewRequestSchema } from './review.js';
import { describeSchema, without } from './schema-cases.test-helper.js';

describeSchema(
  'ReviewRequestSchema',
  ReviewRequestSchema,
  { decision: 'approved', reviewedBy: 'ops@example.com', reviewNotes: 'Same person, new glasses.' },
  [
    {
      why: 'manual_review as a final decision',
      mutate: (v) => ({ ...v, decision: 'manual_review' }),
      path: 'decision',
    },
    { why: 'a missing reviewer', mutate: (v) => without(v, 'reviewedBy'), path: 'reviewedBy' },
    { why: 'a blank reviewer', mutate: (v) => ({ ...v, reviewedBy: '   ' }), path: 'reviewedBy' },
    {
      why: 'notes over 2000 characters',
      mutate: (v) => ({ ...v, reviewNotes: 'x'.repeat(2001) }),
      path: 'reviewNotes',
    },
    { why: 'an image in the body', mutate: (v) => ({ ...v, image: 'base64…' }), path: '' },
  ],
);

describeSchema(
  'AuditEntrySchema',
  AuditEntrySchema,
  {
    id: 1,
    reverificationId: 'rv_0123456789abcdefABCD',
    referenceId: 'customer-42',
    action: 'review_decided',
    actor: 'ops@example.com',
    occurredAt: '2026-11-25T10:00:00.000Z',
    previousDecision: 'manual_review',
    decision: 'approved',
    notes: null,
    relatedReverificationId: null,
  },
  [
    { why: 'an unknown action', mutate: (v) => ({ ...v, action: 'deleted' }), path: 'action' },
    { why: 'an empty actor', mutate: (v) => ({ ...v, actor: '' }), path: 'actor' },
  ],
);
