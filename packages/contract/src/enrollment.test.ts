import { CreateEnrollmentRequestSchema, EnrollmentSchema } from './enrollment.js';
import { describeSchema, without } from './schema-cases.test-helper.js';

describeSchema(
  'CreateEnrollmentRequestSchema',
  CreateEnrollmentRequestSchema,
  { referenceId: 'customer-42', providerEnrollmentId: 'ENR123', metadata: { source: 'kyc' } },
  [
    { why: 'a missing referenceId', mutate: (v) => without(v, 'referenceId'), path: 'referenceId' },
    {
      why: 'an empty providerEnrollmentId',
      mutate: (v) => ({ ...v, providerEnrollmentId: '' }),
      path: 'providerEnrollmentId',
    },
    {
      why: 'a providerEnrollmentId over 200 characters',
      mutate: (v) => ({ ...v, providerEnrollmentId: 'e'.repeat(201) }),
      path: 'providerEnrollmentId',
    },
    { why: 'an unknown field', mutate: (v) => ({ ...v, image: 'data:…' }), path: '' },
  ],
);

describeSchema(
  'EnrollmentSchema',
  EnrollmentSchema,
  {
    id: 'en_0123456789abcdefABCD',
    referenceId: 'customer-42',
    status: 'success',
    provider: 'local',
    providerEnrollmentId: null,
    failureReason: null,
    metadata: {},
    createdAt: '2026-11-25T09:00:00.000Z',
    updatedAt: '2026-11-25T09:00:00.000Z',
  },
  [
    { why: 'an unknown status', mutate: (v) => ({ ...v, status: 'ok' }), path: 'status' },
    { why: 'a missing provider', mutate: (v) => without(v, 'provider'), path: 'provider' },
    {
      why: 'an unknown failure reason',
      mutate: (v) => ({ ...v, failureReason: 'bad_luck' }),
      path: 'failureReason',
    },
    { why: 'an unknown field', mutate: (v) => ({ ...v, embedding: [0.1] }), path: '' },
  ],
);
