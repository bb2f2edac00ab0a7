import { z } from 'zod';
import { CLIENT_ERROR_CODES, ERROR_CODES, type ErrorCode } from './constants/errors.js';

export * from './constants/errors.js';

/** Zod schema of {@link ErrorCode}. */
export const ErrorCodeSchema = z.enum(Object.keys(ERROR_CODES) as [ErrorCode, ...ErrorCode[]]);

/**
 * The one error shape of every non-2xx response:
 * `{ error: { code, message, requestId, details? } }`.
 */
export const ErrorEnvelopeSchema = z.strictObject({
  error: z.strictObject({
    code: ErrorCodeSchema,
    message: z.string().min(1).max(1000),
    requestId: z.string().min(1).max(100),
    details: z.record(z.string(), z.unknown()).optional(),
  }),
});

/** The error body of every non-2xx response. */
export type ErrorEnvelope = z.infer<typeof ErrorEnvelopeSchema>;

/** Zod schema of {@link ClientErrorCode}. */
export const ClientErrorCodeSchema = z.enum(CLIENT_ERROR_CODES);
