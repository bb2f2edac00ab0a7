import { describe, expect, it } from 'vitest';
import { BatchStatusSchema, CreateBatchRequestSchema, MAX_BATCH_RECORDS } from './batch.js';
import { describeSchema } from './schema-cases.test-helper.js';

describeSchema(
  'CreateBatchRequestSchema',
  CreateBatchRequestSchema,
  {
    records: [
      { referenceId: 'customer-1', phoneNumber: '+5511912345678' },
      { referenceId: 'customer-2', email: 'ana@example.com' },
      { referenceId: 'customer-3' },
    ],
    timeoutSeconds: 3600,
    sendMessage: true,
    locale: 'pt-BR',
  },
  [
    { why: 'no records', mutate: (v) => ({ ...v, records: [] }), path: 'records' },
    {
      why: 'a duplicate referenceId',
      mutate: (v) => ({
        ...v,
        records: [{ referenceId: 'a' }, { referenceId: 'b' }, { referenceId: 'a' }],
      }),
      path: 'records.2.referenceId',
    },
    {
      why: 'a phone number that is not E.164',
      mutate: (v) => ({ ...v, records: [{ referenceId: 'a', phoneNumber: '11 91234-5678' }] }),
      path: 'records.0.phoneNumber',
    },
    {
      why: 'an unknown column',
      mutate: (v) => ({ ...v, records: [{ referenceId: 'a', name: 'Ana' }] }),
      path: 'records.0',
    },
    { why: 'an unsupported locale', mutate: (v) => ({ ...v, locale: 'fr' }), path: 'locale' },
  ],
);

describe('CreateBatchRequestSchema limits', () => {
  it('names the first row of a duplicate', () => {
    const result = CreateBatchRequestSchema.safeParse({
      records: [{ referenceId: 'x' }, { referenceId: 'x' }],
    });
    expect(result.error?.issues[0]?.message).toBe('duplicate referenceId (first at records[0])');
  });

  it(`accepts ${MAX_BATCH_RECORDS} records and rejects one more`, () => {
    const records = Array.from({ length: MAX_BATCH_RECORDS + 1 }, (_, i) => ({
      referenceId: `r${i}`,
    }));
    expect(CreateBatchRequestSchema.safeParse({ records: records.slice(1) }).success).toBe(true);
    expect(CreateBatchRequestSchema.safeParse({ records }).success).toBe(false);
  });
});

describeSchema(
  'BatchStatusSchema',
  BatchStatusSchema,
  {
    batchId: 'bat_0123456789abcdefABCD',
    status: 'processing',
    totalRecords: 3,
    recordsProcessed: 1,
    recordsFailed: 0,
    createdAt: '2026-11-25T09:00:00.000Z',
    completedAt: null,
    report: { status: 'pending', generatedAt: null },
  },
  [
    {
      why: 'a batch id of another kind',
      mutate: (v) => ({ ...v, batchId: 'rv_0123456789abcdefABCD' }),
      path: 'batchId',
    },
    { why: 'an unknown status', mutate: (v) => ({ ...v, status: 'paused' }), path: 'status' },
    {
      why: 'an unknown report status',
      mutate: (v) => ({ ...v, report: { status: 'building', generatedAt: null } }),
      path: 'report.status',
    },
  ],
);
