import { z } from 'zod';
import { ReverificationIdSchema, TimestampSchema } from './common.js';
import { ClientSessionSchema, TokenSchema } from './reverification.js';

/**
 * A phone number with its country code, as people write it
 * (`+1-555-123-4567`, `+55 (11) 91234-5678`, or E.164): the handler
 * normalizes it to E.164 and checks it is a possible number before texting.
 */
export const PhoneNumberSchema = z
  .string()
  .regex(
    /^\+[1-9][0-9 ().-]{5,30}$/,
    'phoneNumber needs its country code, e.g. +1-555-123-4567 or +5511912345678',
  );

/** An email address (at most 254 characters). */
export const EmailSchema = z.email().max(254);

/** How a handoff link reaches the user. */
export const MessageChannelSchema = z.enum(['sms', 'email']);

/** A message channel; see {@link MessageChannelSchema}. */
export type MessageChannel = z.infer<typeof MessageChannelSchema>;

/** Languages of the handoff message (the SDK's built-in locales). */
export const MessageLocaleSchema = z.enum(['en', 'es', 'pt-BR']);

/** A message language; see {@link MessageLocaleSchema}. */
export type MessageLocale = z.infer<typeof MessageLocaleSchema>;

/**
 * Body of `POST /v1/reverifications/{id}/handoff`: a one-time link (and QR
 * code) that continues the reverification on a phone, optionally sent by
 * SMS or email (VECU's `phoneNumber` + `sendMessage`).
 */
export const CreateHandoffRequestSchema = z
  .strictObject({
    phoneNumber: PhoneNumberSchema.optional(),
    email: EmailSchema.optional(),
    /** Send the link now: by SMS to `phoneNumber`, else by email. */
    sendMessage: z.boolean().optional(),
    /** The message's language. Default `en`. */
    locale: MessageLocaleSchema.optional(),
  })
  .refine((body) => !body.sendMessage || body.phoneNumber || body.email, {
    message: 'sendMessage needs a phoneNumber or an email',
    path: ['sendMessage'],
  });

/** A handoff request; see {@link CreateHandoffRequestSchema}. */
export type CreateHandoffRequest = z.infer<typeof CreateHandoffRequestSchema>;

/**
 * Body of `POST /v1/client/handoff` (optional; a client token authorizes
 * it): the browser's own link, texted to `phoneNumber` when `sendMessage`
 * (the VECU seed's SDK options), within the handler's limits.
 */
export const ClientHandoffRequestSchema = z
  .strictObject({
    phoneNumber: PhoneNumberSchema.optional(),
    sendMessage: z.boolean().optional(),
    locale: MessageLocaleSchema.optional(),
  })
  .refine((body) => !body.sendMessage || body.phoneNumber, {
    message: 'sendMessage needs a phoneNumber',
    path: ['sendMessage'],
  });

/** A browser's handoff request; see {@link ClientHandoffRequestSchema}. */
export type ClientHandoffRequest = z.infer<typeof ClientHandoffRequestSchema>;

/** A sent handoff message, with the recipient masked. */
export const SentMessageSchema = z.strictObject({
  channel: MessageChannelSchema,
  /** The recipient, masked (`+55•••••5678`, `a•••@example.com`). */
  to: z.string().max(254),
  /** The notifier's id of the message. */
  messageId: z.string().min(1).max(200),
});

/** A sent message; see {@link SentMessageSchema}. */
export type SentMessage = z.infer<typeof SentMessageSchema>;

/**
 * A one-time handoff link. Opening it spends it; a new link replaces the
 * previous one. The link carries its token in the URL fragment, which
 * browsers never send to servers or in `Referer`.
 */
export const HandoffSchema = z.strictObject({
  reverificationId: ReverificationIdSchema,
  url: z.url(),
  /** The link as a QR code (SVG markup), for a desktop page to show. */
  qrSvg: z.string().startsWith('<svg'),
  /** When the link stops working (the reverification's own expiry). */
  expiresAt: TimestampSchema,
  message: SentMessageSchema.nullable(),
});

/** A handoff link; see {@link HandoffSchema}. */
export type Handoff = z.infer<typeof HandoffSchema>;

/** Body of `POST /v1/client/handoff/open`: the phone trades the link's token for a session. */
export const OpenHandoffRequestSchema = z.strictObject({ handoffToken: TokenSchema });

/** A handoff opening; see {@link OpenHandoffRequestSchema}. */
export type OpenHandoffRequest = z.infer<typeof OpenHandoffRequestSchema>;

/** Answer of `POST /v1/client/handoff/open`: the phone's own browser credentials. */
export const HandoffSessionSchema = ClientSessionSchema.extend({ clientToken: TokenSchema });

/** What a phone gets for a handoff link; see {@link HandoffSessionSchema}. */
export type HandoffSession = z.infer<typeof HandoffSessionSchema>;
