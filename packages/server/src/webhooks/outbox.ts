import { type StreamEvent, WEBHOOK_EVENT_VERSION, type WebhookPayload } from '@reverify/contract';
import { newId } from '../core/ids.js';
import type { DeliveryRecord } from '../store/store.js';
import type { WebhookEndpoint } from './endpoints.js';
import { seedPayload, type WebhookFormat } from './seed-format.js';

/** The webhook body of a lifecycle event. */
export function webhookPayload(event: StreamEvent, eventId: string): WebhookPayload {
  return {
    eventId,
    eventType: event.type,
    eventVersion: WEBHOOK_EVENT_VERSION,
    timestamp: event.occurredAt,
    source: 'reverify',
    data: {
      reverificationId: event.reverificationId,
      referenceId: event.referenceId,
      previousStatus: event.previousStatus,
      currentStatus: event.status,
      decision: event.decision,
      reasons: [...event.reasons],
      ...(event.tier ? { tier: event.tier } : {}),
      ...(event.workflow !== undefined ? { workflow: event.workflow } : {}),
      ...(event.verifiedBy ? { verifiedBy: [...event.verifiedBy] } : {}),
    },
  };
}

/**
 * The outbox rows for one event: one per endpoint, sharing the event id
 * (the `webhook-id` of every attempt), each with the body in its
 * endpoint's format.
 */
export function outboxRows(
  event: StreamEvent,
  endpoints: readonly WebhookEndpoint[],
  at: string,
  eventId: string = newId('evt'),
): DeliveryRecord[] {
  if (endpoints.length === 0) return [];
  const own = webhookPayload(event, eventId);
  const bodies: Record<WebhookFormat, () => string> = {
    reverify: () => JSON.stringify(own),
    vecu: () => JSON.stringify(seedPayload(own)),
  };
  return endpoints.map((endpoint) => ({
    id: `${eventId}:${endpoint.id}`,
    eventId,
    endpointId: endpoint.id,
    eventType: event.type,
    reverificationId: event.reverificationId,
    sequence: event.sequence,
    payload: bodies[endpoint.format](),
    status: 'pending',
    attempts: 0,
    nextAttemptAt: at,
    lastStatus: null,
    lastError: null,
    createdAt: at,
    updatedAt: at,
    deliveredAt: null,
  }));
}
