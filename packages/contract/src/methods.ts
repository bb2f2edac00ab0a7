import { z } from 'zod';
import { TimestampSchema } from './common.js';
import {
  MethodAssurance,
  MethodPolicyError,
  parseMethodPolicy,
  ReverificationMethod,
} from './constants/methods.js';

export * from './constants/methods.js';

/** Zod schema of {@link ReverificationMethod}. */
export const ReverificationMethodSchema = z.enum(ReverificationMethod);

/** Zod schema of {@link MethodAssurance}. */
export const MethodAssuranceSchema = z.enum(MethodAssurance);

/**
 * A method policy as an expression (`passkey or selfie`, `selfie and
 * passkey`); see `parseMethodPolicy`. Validated here, parsed by the handler.
 */
export const MethodPolicyExpressionSchema = z
  .string()
  .min(1)
  .max(200)
  .superRefine((expression, context) => {
    try {
      parseMethodPolicy(expression);
    } catch (error) {
      if (!(error instanceof MethodPolicyError)) throw error;
      context.addIssue({ code: 'custom', message: error.message });
    }
  });

/** One method a reverification's person completed: which, what it proves, when. */
export const MethodUseSchema = z.strictObject({
  method: ReverificationMethodSchema,
  assurance: MethodAssuranceSchema,
  completedAt: TimestampSchema,
});

/** A completed method; see {@link MethodUseSchema}. */
export type MethodUse = z.infer<typeof MethodUseSchema>;
