import { z } from 'zod';
import { REASON_CODES, type ReasonCode } from './constants/reasons.js';

export * from './constants/reasons.js';

/** Zod schema of {@link ReasonCode}. */
export const ReasonCodeSchema = z.enum(Object.keys(REASON_CODES) as [ReasonCode, ...ReasonCode[]]);

/** Zod schema of a reason list: unique codes, at most one of each. */
export const ReasonListSchema = z
  .array(ReasonCodeSchema)
  .max(Object.keys(REASON_CODES).length)
  .refine((reasons) => new Set(reasons).size === reasons.length, 'reasons must be unique');
