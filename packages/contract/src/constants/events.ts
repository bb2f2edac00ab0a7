import type { ReverificationStatus } from './lifecycle.js';

/** Event types, shared by the browser's SSE stream and outbound webhooks. */
export const EVENT_TYPES = [
  'reverification.status_changed',
  'reverification.completed',
  'reverification.failed',
  'reverification.expired',
] as const;

/** An event type; see {@link EVENT_TYPES}. */
export type EventType = (typeof EVENT_TYPES)[number];

/** The event type announced when a reverification enters `status`. */
export function eventTypeFor(status: ReverificationStatus): EventType {
  switch (status) {
    case 'completed':
      return 'reverification.completed';
    case 'failed':
      return 'reverification.failed';
    case 'expired':
      return 'reverification.expired';
    default:
      return 'reverification.status_changed';
  }
}

/** The version of the webhook payload shape. */
export const WEBHOOK_EVENT_VERSION = '1.0';
