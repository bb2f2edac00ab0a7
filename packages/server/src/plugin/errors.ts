import { type ErrorCode, httpStatusOf } from '@reverify/contract';

/**
 * An error the handler answers with: a stable `code` from the contract, a
 * message safe to show the caller, optional `details`, and the `cause` kept
 * for logs. Anything thrown that is not a `ReverifyError` becomes
 * `internal_error` with no detail leaked.
 */
export class ReverifyError extends Error {
  /** The HTTP status that belongs to {@link ReverifyError.code}. */
  readonly status: number;

  constructor(
    /** Stable error code from the contract. */
    readonly code: ErrorCode,
    message: string,
    options?: {
      /** Machine-readable extra facts, sent to the caller. */
      details?: Record<string, unknown>;
      /** Seconds the caller should wait (sets `Retry-After`). */
      retryAfterSeconds?: number;
      /** The underlying error, for logs only. */
      cause?: unknown;
    },
  ) {
    super(message, options?.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'ReverifyError';
    this.status = httpStatusOf(code);
    this.details = options?.details;
    this.retryAfterSeconds = options?.retryAfterSeconds;
  }

  /** Machine-readable extra facts, sent to the caller. */
  readonly details: Record<string, unknown> | undefined;
  /** Seconds the caller should wait, sent as `Retry-After`. */
  readonly retryAfterSeconds: number | undefined;
}

/**
 * A mistake in the handler's configuration. Thrown by
 * `createReverifyHandler` at setup; it never becomes an HTTP response.
 */
export class ReverifyConfigError extends Error {
  /** Always `invalid_config`. */
  readonly code = 'invalid_config';

  constructor(message: string) {
    super(message);
    this.name = 'ReverifyConfigError';
  }
}
