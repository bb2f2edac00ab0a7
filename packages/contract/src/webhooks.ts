import { z } from 'zod';
import { ReverificationIdSchema, TimestampSchema } from './common.js';
import { WebhookEventTypeSchema } from './events.js';

/** A configured webhook endpoint and how its deliveries fare (`GET /v1/webhooks/endpoints`). */
export const WebhookEndpointHealthSchema = z.strictObject({
  id: z.string().regex(/^we_[a-f0-9]{12,40}$/),
  url: z.url(),
  /** `disabled` after the receiver answered 410 Gone; replaying re-enables it. */
  status: z.enum(['active', 'disabled']),
  consecutiveFailures: z.number().int().min(0),
  lastSuccessAt: TimestampSchema.nullable(),
  lastFailureAt: TimestampSchema.nullable(),
  /** HTTP status of the last attempt, or `null` (network error, timeout, never tried). */
  lastStatus: z.number().int().nullable(),
  pending: z.number().int().min(0),
  deadLettered: z.number().int().min(0),
});

/** An endpoint's health; see {@link WebhookEndpointHealthSchema}. */
export type WebhookEndpointHealth = z.infer<typeof WebhookEndpointHealthSchema>;

/** One delivery of one event to one endpoint. */
export const WebhookDeliverySchema = z.strictObject({
  eventId: z.string().regex(/^evt_[A-Za-z0-9]{16,40}$/),
  endpointId: z.string().regex(/^we_[a-f0-9]{12,40}$/),
  eventType: WebhookEventTypeSchema,
  reverificationId: ReverificationIdSchema.nullable(),
  status: z.enum(['pending', 'delivered', 'dead']),
  attempts: z.number().int().min(0),
  nextAttemptAt: TimestampSchema.nullable(),
  lastStatus: z.number().int().nullable(),
  lastError: z.string().max(500).nullable(),
  createdAt: TimestampSchema,
  deliveredAt: TimestampSchema.nullable(),
});

/** A webhook delivery; see {@link WebhookDeliverySchema}. */
export type WebhookDelivery = z.infer<typeof WebhookDeliverySchema>;

/** Body of `POST /v1/webhooks/dead-letters/replay`: one event, or every dead letter. */
export const ReplayRequestSchema = z.union([
  z.strictObject({ eventId: z.string().regex(/^evt_[A-Za-z0-9]{16,40}$/) }),
  z.strictObject({ all: z.literal(true) }),
]);

/** A replay request; see {@link ReplayRequestSchema}. */
export type ReplayRequest = z.infer<typeof ReplayRequestSchema>;
