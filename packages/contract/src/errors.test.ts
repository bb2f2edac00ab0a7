import { describe, expect, it } from 'vitest';
import { CLIENT_ERROR_CODES, ERROR_CODES, ErrorEnvelopeSchema, httpStatusOf } from './errors.js';
import { describeSchema, without } from './schema-cases.test-helper.js';

describeSchema(
  'ErrorEnvelopeSchema',
  ErrorEnvelopeSchema,
  {
    error: {
      code: 'invalid_request',
      message: 'referenceId is required',
      requestId: 'req_123',
      details: { issues: [{ path: 'referenceId' }] },
    },
  },
  [
    {
      why: 'an unknown code',
      mutate: (v) => ({ error: { ...(v.error as object), code: 'oops' } }),
      path: 'error.code',
    },
    {
      why: 'a missing requestId',
      mutate: (v) => ({ error: without(v.error as Record<string, unknown>, 'requestId') }),
      path: 'error.requestId',
    },
    {
      why: 'an empty message',
      mutate: (v) => ({ error: { ...(v.error as object), message: '' } }),
      path: 'error.message',
    },
    {
      why: 'a message over 1000 characters',
      mutate: (v) => ({ error: { ...(v.error as object), message: 'm'.repeat(1001) } }),
      path: 'error.message',
    },
    { why: 'a field beside error', mutate: (v) => ({ ...v, stack: 'at …' }), path: '' },
  ],
);

describe('error codes', () => {
  it('maps every code to a 4xx or 5xx status', () => {
    for (const code of Object.keys(ERROR_CODES) as (keyof typeof ERROR_CODES)[]) {
      const status = httpStatusOf(code);
      expect(status >= 400 && status < 600, code).toBe(true);
    }
    expect(httpStatusOf('rate_limited')).toBe(429);
    expect(httpStatusOf('method_not_allowed')).toBe(405);
    expect(httpStatusOf('internal_error')).toBe(500);
  });

  it('keeps client and server codes apart and snake_case', () => {
    const server = new Set(Object.keys(ERROR_CODES));
    for (const code of CLIENT_ERROR_CODES) expect(server.has(code), code).toBe(false);
    for (const code of [...server, ...CLIENT_ERROR_CODES])
      expect(code).toMatch(/^[a-z]+(_[a-z]+)*$/);
  });
});
