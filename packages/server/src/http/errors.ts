import { type ErrorEnvelope, IllegalTransitionError } from '@reverify/contract';
import type { Context } from 'hono';
import { ZodError } from 'zod';
import { ReverifyError } from '../plugin/errors.js';
import type { Logger } from '../plugin/logger.js';

/** Turns anything thrown while serving a request into a {@link ReverifyError}. */
export function toReverifyError(error: unknown): ReverifyError | null {
  if (error instanceof ReverifyError) return error;
  if (error instanceof IllegalTransitionError) {
    return new ReverifyError('illegal_transition', error.message, {
      details: { status: error.state.status, event: error.event.type },
      cause: error,
    });
  }
  if (error instanceof ZodError) {
    return new ReverifyError('invalid_request', 'The request is invalid.', {
      details: {
        issues: error.issues.map((issue) => ({
          path: issue.path.join('.'),
          code: issue.code,
          message: issue.message,
        })),
      },
      cause: error,
    });
  }
  return null;
}

/**
 * The JSON error envelope for `error`. Unknown errors become
 * `internal_error` with no detail, and are logged with the request id.
 */
export function errorResponse(c: Context, error: unknown, logger: Logger): Response {
  const requestId: string = c.get('requestId') ?? 'unknown';
  const known = toReverifyError(error);
  if (!known) {
    logger.error(
      {
        requestId,
        error: error instanceof Error ? `${error.name}: ${error.message}` : 'non-error thrown',
      },
      'internal error',
    );
  }
  const failure =
    known ?? new ReverifyError('internal_error', 'Something went wrong; quote the requestId.');
  const body: ErrorEnvelope = {
    error: {
      code: failure.code,
      message: failure.message,
      requestId,
      ...(failure.details ? { details: failure.details } : {}),
    },
  };
  const headers: Record<string, string> = { 'X-Request-Id': requestId };
  if (failure.retryAfterSeconds !== undefined)
    headers['Retry-After'] = String(Math.ceil(failure.retryAfterSeconds));
  return c.json(body, failure.status as 400, headers);
}
