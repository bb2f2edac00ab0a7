import { describe, expect, it } from 'vitest';
import {
  ClientSessionSchema,
  CreateReverificationRequestSchema,
  ReverificationSchema,
  ReverificationSessionSchema,
} from './reverification.js';
import { describeSchema, without } from './schema-cases.test-helper.js';

const reverification = {
  id: 'rv_0123456789abcdefABCD',
  referenceId: 'customer-42',
  status: 'completed',
  decision: 'approved',
  reasons: ['selfie_match', 'liveness_passed'],
  threshold: 0.65,
  timeoutSeconds: 300,
  metadata: { plan: 'gold', amount: 1200, risky: false },
  provider: 'sandbox',
  retryOf: null,
  livenessPolicy: 'active',
  tier: 'ENHANCED',
  workflow: null,
  steps: {
    match: { status: 'passed', score: 0.93 },
    liveness: { status: 'passed', score: 0.9, method: 'active' },
  },
  methods: 'passkey or selfie',
  verifiedBy: [
    { method: 'selfie', assurance: 'face_match', completedAt: '2026-11-25T09:00:05.000Z' },
  ],
  createdAt: '2026-11-25T09:00:00.000Z',
  updatedAt: '2026-11-25T09:00:05.000Z',
  expiresAt: '2026-11-25T09:05:00.000Z',
  completedAt: '2026-11-25T09:00:05.000Z',
  details: {
    matchScore: 0.93,
    livenessScore: null,
    providerReference: 'VLD123',
    providerEnrollmentId: 'ENR9',
    capturedAt: '2026-11-25T09:00:03.000Z',
    review: {
      reviewedBy: 'ops@example.com',
      reviewedAt: '2026-11-25T10:00:00.000Z',
      reviewNotes: null,
    },
  },
};

describeSchema(
  'CreateReverificationRequestSchema',
  CreateReverificationRequestSchema,
  {
    referenceId: 'customer-42',
    threshold: 0.7,
    timeoutSeconds: 600,
    metadata: { orderId: 'A-1' },
    restart: true,
    sandboxOutcome: 'manual_review',
    tier: 'STANDARD',
    workflow: 'payments-high_risk',
  },
  [
    // VerifyHQ's tiers are BASIC, STANDARD and ENHANCED, in capitals.
    { why: 'an unknown tier', mutate: (v) => ({ ...v, tier: 'standard' }), path: 'tier' },
    {
      why: 'a workflow id with a slash',
      mutate: (v) => ({ ...v, workflow: 'a/b' }),
      path: 'workflow',
    },
    { why: 'a missing referenceId', mutate: (v) => without(v, 'referenceId'), path: 'referenceId' },
    {
      why: 'an empty referenceId',
      mutate: (v) => ({ ...v, referenceId: '' }),
      path: 'referenceId',
    },
    {
      why: 'a referenceId over 128 characters',
      mutate: (v) => ({ ...v, referenceId: 'x'.repeat(129) }),
      path: 'referenceId',
    },
    {
      why: 'a referenceId with spaces',
      mutate: (v) => ({ ...v, referenceId: 'a b' }),
      path: 'referenceId',
    },
    { why: 'a threshold above 1', mutate: (v) => ({ ...v, threshold: 1.5 }), path: 'threshold' },
    {
      why: 'a timeout above 21600 s',
      mutate: (v) => ({ ...v, timeoutSeconds: 21_601 }),
      path: 'timeoutSeconds',
    },
    {
      why: 'a timeout below 30 s',
      mutate: (v) => ({ ...v, timeoutSeconds: 29 }),
      path: 'timeoutSeconds',
    },
    {
      why: 'a fractional timeout',
      mutate: (v) => ({ ...v, timeoutSeconds: 300.5 }),
      path: 'timeoutSeconds',
    },
    {
      why: 'an unknown sandbox outcome',
      mutate: (v) => ({ ...v, sandboxOutcome: 'maybe' }),
      path: 'sandboxOutcome',
    },
    { why: 'an unknown field', mutate: (v) => ({ ...v, userId: 'x' }), path: '' },
    {
      why: 'a metadata value over 500 characters',
      mutate: (v) => ({ ...v, metadata: { note: 'x'.repeat(501) } }),
      path: 'metadata.note',
    },
    {
      why: 'nested metadata objects',
      mutate: (v) => ({ ...v, metadata: { nested: { a: 1 } } }),
      path: 'metadata.nested',
    },
    {
      why: 'more than 20 metadata keys',
      mutate: (v) => ({
        ...v,
        metadata: Object.fromEntries(Array.from({ length: 21 }, (_, i) => [`k${i}`, i])),
      }),
      path: 'metadata',
    },
  ],
);

describe('CreateReverificationRequestSchema defaults', () => {
  it('needs nothing but a referenceId', () => {
    expect(CreateReverificationRequestSchema.parse({ referenceId: 'u1' })).toEqual({
      referenceId: 'u1',
    });
  });
});

describeSchema('ReverificationSchema', ReverificationSchema, reverification, [
  { why: 'a missing status', mutate: (v) => without(v, 'status'), path: 'status' },
  { why: 'an unknown status', mutate: (v) => ({ ...v, status: 'done' }), path: 'status' },
  { why: 'an unknown decision', mutate: (v) => ({ ...v, decision: 'ok' }), path: 'decision' },
  { why: 'an unknown reason', mutate: (v) => ({ ...v, reasons: ['lucky'] }), path: 'reasons.0' },
  {
    why: 'duplicate reasons',
    mutate: (v) => ({ ...v, reasons: ['no_face', 'no_face'] }),
    path: 'reasons',
  },
  { why: 'a malformed id', mutate: (v) => ({ ...v, id: 'rv_short' }), path: 'id' },
  {
    why: 'an id of another kind',
    mutate: (v) => ({ ...v, id: 'en_0123456789abcdefABCD' }),
    path: 'id',
  },
  {
    why: 'a timestamp with an offset',
    mutate: (v) => ({ ...v, createdAt: '2026-11-25T09:00:00.000+01:00' }),
    path: 'createdAt',
  },
  { why: 'an unknown field', mutate: (v) => ({ ...v, selfie: 'base64…' }), path: '' },
  {
    why: 'a match score above 1',
    mutate: (v) => ({ ...v, details: { ...(v.details as object), matchScore: 2 } }),
    path: 'details.matchScore',
  },
  {
    why: 'a review without a reviewer',
    mutate: (v) => {
      const details = v.details as { review: object };
      return { ...v, details: { ...details, review: { ...details.review, reviewedBy: '' } } };
    },
    path: 'details.review.reviewedBy',
  },
]);

describeSchema(
  'ReverificationSessionSchema',
  ReverificationSessionSchema,
  {
    ...reverification,
    status: 'pending',
    decision: null,
    reasons: [],
    completedAt: null,
    clientToken: 'rvc_abcdefghijklmnopqrstuvwxyz012345',
    streamToken: 'rvs_abcdefghijklmnopqrstuvwxyz012345',
    tokensExpireAt: '2026-11-25T09:15:00.000Z',
  },
  [
    { why: 'a missing clientToken', mutate: (v) => without(v, 'clientToken'), path: 'clientToken' },
    {
      why: 'a streamToken with unsafe characters',
      mutate: (v) => ({ ...v, streamToken: 'abc def ghi jkl mno pqr stu' }),
      path: 'streamToken',
    },
    {
      why: 'a token over 512 characters',
      mutate: (v) => ({ ...v, clientToken: 'a'.repeat(513) }),
      path: 'clientToken',
    },
  ],
);

describeSchema(
  'ClientSessionSchema',
  ClientSessionSchema,
  {
    reverificationId: 'rv_0123456789abcdefABCD',
    referenceId: 'customer-42',
    status: 'capturing',
    streamToken: 'rvs_abcdefghijklmnopqrstuvwxyz012345',
    tokensExpireAt: '2026-11-25T09:15:00.000Z',
    expiresAt: '2026-11-25T09:05:00.000Z',
    methods: {
      policy: 'selfie and passkey',
      done: [],
      open: ['passkey'],
      unavailable: [],
      destinations: { sms_code: null, email_code: null },
    },
    presence: {
      policy: 'active',
      challenge: {
        nonce: 'n0nce_n0nce_n0nce_n0nce_',
        moves: ['turn_left', 'turn_right'],
        issuedAt: '2026-11-25T09:00:01.000Z',
        expiresAt: '2026-11-25T09:03:01.000Z',
        minYawDegrees: 15,
        moveTimeoutMs: 8000,
      },
      clip: null,
    },
  },
  [
    { why: 'a missing streamToken', mutate: (v) => without(v, 'streamToken'), path: 'streamToken' },
    {
      why: 'a challenge the browser may not answer (no moves)',
      mutate: (v) => {
        const presence = v.presence as { challenge: object };
        return { ...v, presence: { ...presence, challenge: { ...presence.challenge, moves: [] } } };
      },
      path: 'presence.challenge.moves',
    },
    {
      why: 'a clientToken leaking back',
      mutate: (v) => ({ ...v, clientToken: 'rvc_abcdefghijklmnopqrstuvwxyz012345' }),
      path: '',
    },
  ],
);
