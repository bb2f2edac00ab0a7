import { z } from 'zod';
import { TimestampSchema } from './common.js';
import { API_KEY_SCOPES, type ApiKeyScope } from './constants/scopes.js';

export * from './constants/scopes.js';

/** Zod schema of {@link ApiKeyScope}. */
export const ApiKeyScopeSchema = z.enum(
  Object.keys(API_KEY_SCOPES) as [ApiKeyScope, ...ApiKeyScope[]],
);

/** A scoped API key as the CLI lists it: never the key itself, which is shown once and stored hashed. */
export const ApiKeySchema = z.strictObject({
  id: z.string().regex(/^key_[A-Za-z0-9]{16,40}$/),
  name: z.string().min(1).max(100),
  scopes: z.array(ApiKeyScopeSchema).min(1),
  createdAt: TimestampSchema,
  /** When a rotated key stops working; `null` for no end. */
  expiresAt: TimestampSchema.nullable(),
  revokedAt: TimestampSchema.nullable(),
});

/** A scoped API key; see {@link ApiKeySchema}. */
export type ApiKey = z.infer<typeof ApiKeySchema>;
