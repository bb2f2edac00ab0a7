import { z } from 'zod';
import { Decision, ReverificationStatus } from './constants/lifecycle.js';

export * from './constants/lifecycle.js';

/** Zod schema of {@link ReverificationStatus}. */
export const ReverificationStatusSchema = z.enum(ReverificationStatus);

/** Zod schema of {@link Decision}. */
export const DecisionSchema = z.enum(Decision);

/** Zod schema of {@link ReviewDecision}. */
export const ReviewDecisionSchema = z.enum(['approved', 'rejected']);
