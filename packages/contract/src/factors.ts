import { z } from 'zod';
import { ReferenceIdSchema, ReverificationIdSchema, TimestampSchema } from './common.js';
import { MessageLocaleSchema } from './handoff.js';
import { DecisionSchema, ReverificationStatusSchema } from './lifecycle.js';
import { ReverificationMethodSchema } from './methods.js';
import { MethodsSessionSchema, TokenSchema } from './reverification.js';

/**
 * A factor token: binds passkeys and an authenticator app to one person for
 * a few minutes. Minted only after an approved selfie: by the browser of an
 * approved selfie reverification (`POST /v1/client/factors/token`) or by the
 * integrator's server right after a selfie enrollment
 * (`POST /v1/references/{referenceId}/factor-token`).
 */
export const FactorTokenSchema = z.strictObject({
  factorToken: TokenSchema,
  referenceId: ReferenceIdSchema,
  expiresAt: TimestampSchema,
});

/** A factor token; see {@link FactorTokenSchema}. */
export type FactorToken = z.infer<typeof FactorTokenSchema>;

/**
 * WebAuthn options or a browser's WebAuthn answer, as JSON
 * (`@simplewebauthn/browser` reads and writes them). The handler checks
 * them in full with `@simplewebauthn/server`; this only bounds their size.
 */
export const WebAuthnJsonSchema = z
  .looseObject({})
  .refine((value) => JSON.stringify(value).length <= 16_384, 'at most 16 KiB');

/** Body of `POST /v1/factors/passkeys`: the browser's registration answer and a name for it. */
export const RegisterPasskeyRequestSchema = z.strictObject({
  response: WebAuthnJsonSchema,
  /** Shown in the person's factor list; default "Passkey". */
  name: z.string().min(1).max(64).optional(),
});

/** A stored passkey, as listed: never the public key. */
export const PasskeySummarySchema = z.strictObject({
  id: z.string().min(1).max(1024),
  name: z.string().min(1).max(64),
  /** `multiDevice` passkeys sync between a person's devices; `singleDevice` stay on one. */
  deviceType: z.enum(['singleDevice', 'multiDevice']),
  backedUp: z.boolean(),
  createdAt: TimestampSchema,
  lastUsedAt: TimestampSchema.nullable(),
});

/** A passkey; see {@link PasskeySummarySchema}. */
export type PasskeySummary = z.infer<typeof PasskeySummarySchema>;

/**
 * Answer of `POST /v1/factors/totp`: the new secret, to scan (`qrSvg`, the
 * `otpauthUri`) or type (`secret`). It works once confirmed with a code.
 */
export const TotpSetupSchema = z.strictObject({
  otpauthUri: z.string().startsWith('otpauth://totp/'),
  qrSvg: z.string().startsWith('<svg'),
  secret: z.string().regex(/^[A-Z2-7]{16,128}$/),
  /** Confirm before this, or set up again. */
  expiresAt: TimestampSchema,
});

/** A TOTP set-up; see {@link TotpSetupSchema}. */
export type TotpSetup = z.infer<typeof TotpSetupSchema>;

/** A one-time code as typed: 6 digits (spaces and dashes are dropped). */
export const OneTimeCodeSchema = z
  .string()
  .max(20)
  .transform((code) => code.replace(/[\s-]/g, ''))
  .pipe(z.string().regex(/^\d{6}$/, 'a code is 6 digits'));

/** Body of `POST /v1/factors/totp/confirm` and `POST /v1/client/totp`. */
export const CodeRequestSchema = z.strictObject({ code: OneTimeCodeSchema });

/** Body of `POST /v1/client/codes`: which enrolled destination gets a code, in which language. */
export const SendCodeRequestSchema = z.strictObject({
  method: z.enum(['sms_code', 'email_code']),
  /** Default `en`. */
  locale: MessageLocaleSchema.optional(),
});

/** Answer of `POST /v1/client/codes`. */
export const CodeSentSchema = z.strictObject({
  method: z.enum(['sms_code', 'email_code']),
  /** The masked destination (`+55•••••5678`). */
  sentTo: z.string().max(200),
  expiresAt: TimestampSchema,
});

/** A sent code; see {@link CodeSentSchema}. */
export type CodeSent = z.infer<typeof CodeSentSchema>;

/** Body of `POST /v1/client/codes/verify`. */
export const VerifyCodeRequestSchema = z.strictObject({
  method: z.enum(['sms_code', 'email_code']),
  code: OneTimeCodeSchema,
});

/** Body of `POST /v1/client/passkey`: the browser's authentication answer. */
export const PasskeyAnswerRequestSchema = z.strictObject({ response: WebAuthnJsonSchema });

/**
 * Answer of every method a browser completes: where the reverification
 * stands now. `completed` with `approved` when that method satisfied the
 * policy; otherwise `methods.open` says what comes next.
 */
export const MethodResultSchema = z.strictObject({
  reverificationId: ReverificationIdSchema,
  status: ReverificationStatusSchema,
  decision: DecisionSchema.nullable(),
  methods: MethodsSessionSchema,
});

/** A method's result; see {@link MethodResultSchema}. */
export type MethodResult = z.infer<typeof MethodResultSchema>;

/** Body of `PUT /v1/references/{referenceId}/contacts`: where codes go; `null` removes one. */
export const ContactsRequestSchema = z
  .strictObject({
    phoneNumber: z.string().min(3).max(32).nullable().optional(),
    email: z.email().max(200).nullable().optional(),
  })
  .refine((body) => body.phoneNumber !== undefined || body.email !== undefined, {
    message: 'give phoneNumber or email (null removes it)',
  });

/** Answer of `GET /v1/references/{referenceId}/factors`: what the person can reverify with. */
export const FactorsSchema = z.strictObject({
  referenceId: ReferenceIdSchema,
  passkeys: z.array(PasskeySummarySchema),
  /** When the authenticator app was confirmed, or `null`. */
  totp: z.strictObject({ confirmedAt: TimestampSchema }).nullable(),
  /** Masked code destinations. */
  contacts: z.strictObject({
    phoneNumber: z.string().max(80).nullable(),
    email: z.string().max(200).nullable(),
  }),
});

/** A person's factors; see {@link FactorsSchema}. */
export type Factors = z.infer<typeof FactorsSchema>;

/**
 * One entry of a person's factor audit (`GET /v1/references/{referenceId}/factor-audit`):
 * a factor bound, used, removed, a code sent, or a refusal with its error code.
 */
export const FactorAuditEntrySchema = z.strictObject({
  referenceId: ReferenceIdSchema,
  reverificationId: ReverificationIdSchema.nullable(),
  method: ReverificationMethodSchema,
  action: z.enum(['enrolled', 'verified', 'code_sent', 'removed', 'refused']),
  /** The error code of a refusal; `null` otherwise. */
  code: z.string().max(60).nullable(),
  occurredAt: TimestampSchema,
});

/** Answer of `GET /v1/references/{referenceId}/factor-audit`, oldest first. */
export const FactorAuditSchema = z.strictObject({ entries: z.array(FactorAuditEntrySchema) });

/** A person's factor audit; see {@link FactorAuditSchema}. */
export type FactorAudit = z.infer<typeof FactorAuditSchema>;
