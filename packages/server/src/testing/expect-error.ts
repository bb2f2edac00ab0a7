import { type ErrorCode, ErrorEnvelopeSchema, httpStatusOf } from '@reverify/contract';
import { expect } from 'vitest';
import { ReverifyError } from '../plugin/errors.js';

/**
 * Asserts that `response` is the contract's error envelope with `code`, the
 * matching HTTP status and a request id equal to the `X-Request-Id` header.
 * Returns the parsed envelope.
 */
export async function expectError(response: Response, code: ErrorCode) {
  const body = ErrorEnvelopeSchema.parse(await response.json());
  expect({ status: response.status, code: body.error.code }).toEqual({
    status: httpStatusOf(code),
    code,
  });
  expect(body.error.requestId).toBe(response.headers.get('X-Request-Id'));
  return body;
}

/** Asserts that `work` throws (or rejects with) a `ReverifyError` with `code`; returns it. */
export async function expectReverifyError(
  work: () => unknown,
  code: ErrorCode,
): Promise<ReverifyError> {
  let caught: unknown;
  try {
    await work();
  } catch (error) {
    caught = error;
  }
  expect(caught).toBeInstanceOf(ReverifyError);
  expect((caught as ReverifyError).code).toBe(code);
  return caught as ReverifyError;
}
