import { z } from 'zod';
import { ReferenceIdSchema, ReverificationIdSchema, TimestampSchema } from './common.js';
import { EVENT_TYPES, WEBHOOK_EVENT_VERSION } from './constants/events.js';
import { DecisionSchema, ReverificationStatusSchema } from './lifecycle.js';
import { MethodUseSchema } from './methods.js';
import { StepsSchema } from './presence.js';
import { ReasonListSchema } from './reasons.js';
import { AssuranceTierSchema, WorkflowIdSchema } from './workflow.js';

export * from './constants/events.js';

/** Zod schema of an {@link EventType}. */
export const EventTypeSchema = z.enum(EVENT_TYPES);

/** What changed: the part an SSE event and a webhook have in common. */
const StatusChangeFields = {
  reverificationId: ReverificationIdSchema,
  referenceId: ReferenceIdSchema,
  /** `null` for the first event of a reverification. */
  previousStatus: ReverificationStatusSchema.nullable(),
  decision: DecisionSchema.nullable(),
  reasons: ReasonListSchema,
  /** The match and liveness steps, on events from the decision on. */
  steps: StepsSchema.optional(),
  /** The reverification's assurance tier (absent on events stored before tiers existed). */
  tier: AssuranceTierSchema.optional(),
  /** The workflow it was created with, or `null` (absent on events stored before workflows existed). */
  workflow: WorkflowIdSchema.nullable().optional(),
  /** The methods completed so far, with what each proves (absent on events stored before methods existed). */
  verifiedBy: z.array(MethodUseSchema).optional(),
};

/**
 * The `data:` of one Server-Sent Event on
 * `GET /v1/reverifications/{id}/events`. The SSE `id:` is `sequence` and the
 * SSE `event:` is `type`; resume with `Last-Event-ID`.
 */
export const StreamEventSchema = z.strictObject({
  /** Monotonic per reverification, starting at 1. */
  sequence: z.number().int().min(1),
  type: EventTypeSchema,
  ...StatusChangeFields,
  status: ReverificationStatusSchema,
  occurredAt: TimestampSchema,
});

/** One event of the browser stream; see {@link StreamEventSchema}. */
export type StreamEvent = z.infer<typeof StreamEventSchema>;

/** Webhook event types: the lifecycle events plus `webhook.test` (sent on request by the operations API). */
export const WebhookEventTypeSchema = z.enum([...EventTypeSchema.options, 'webhook.test']);

/** A webhook event type; see {@link WebhookEventTypeSchema}. */
export type WebhookEventType = z.infer<typeof WebhookEventTypeSchema>;

/** The body of every outbound webhook (signed with Standard Webhooks headers). */
export const WebhookPayloadSchema = z.strictObject({
  /** Unique per event; the same on every retry of it (also the `webhook-id` header). */
  eventId: z.string().regex(/^evt_[A-Za-z0-9]{16,40}$/),
  eventType: WebhookEventTypeSchema,
  eventVersion: z.literal(WEBHOOK_EVENT_VERSION),
  timestamp: TimestampSchema,
  source: z.literal('reverify'),
  data: z.strictObject({
    ...StatusChangeFields,
    currentStatus: ReverificationStatusSchema,
  }),
});

/** An outbound webhook body; see {@link WebhookPayloadSchema}. */
export type WebhookPayload = z.infer<typeof WebhookPayloadSchema>;
