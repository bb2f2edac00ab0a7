import type { WebhookEventType } from '@reverify/contract';

/** Where one webhook delivery stands. */
export type DeliveryStatus = 'pending' | 'delivered' | 'dead';

/** One event to one endpoint: the transactional outbox row. */
export interface DeliveryRecord {
  /** `${eventId}:${endpointId}`. */
  readonly id: string;
  /** The event id; also the `webhook-id` header on every attempt. */
  readonly eventId: string;
  readonly endpointId: string;
  readonly eventType: WebhookEventType;
  /** `null` for test events. */
  readonly reverificationId: string | null;
  /** The event's sequence within its reverification: deliveries of one reverification go out in this order. */
  readonly sequence: number;
  /** The exact JSON body, the same bytes on every attempt. */
  readonly payload: string;
  readonly status: DeliveryStatus;
  readonly attempts: number;
  /** When the next attempt is due (or the current attempt's lease ends); `null` once final. */
  readonly nextAttemptAt: string | null;
  readonly lastStatus: number | null;
  readonly lastError: string | null;
  readonly createdAt: string;
  readonly updatedAt: string;
  readonly deliveredAt: string | null;
}

/** What an attempt, a lease, a dead letter or a replay changes in a delivery. */
export const DELIVERY_PROGRESS_FIELDS = [
  'status',
  'attempts',
  'nextAttemptAt',
  'lastStatus',
  'lastError',
  'updatedAt',
  'deliveredAt',
] as const;

/** A delivery's {@link DELIVERY_PROGRESS_FIELDS} (pure). */
export function deliveryProgress(
  record: DeliveryRecord,
): Pick<DeliveryRecord, (typeof DELIVERY_PROGRESS_FIELDS)[number]> {
  return Object.fromEntries(
    DELIVERY_PROGRESS_FIELDS.map((field) => [field, record[field]]),
  ) as Pick<DeliveryRecord, (typeof DELIVERY_PROGRESS_FIELDS)[number]>;
}

/** What the dispatcher remembers about an endpoint. */
export interface EndpointStateRecord {
  readonly id: string;
  /** Set when the receiver answered 410 Gone. */
  readonly disabledAt: string | null;
  readonly consecutiveFailures: number;
  readonly lastSuccessAt: string | null;
  readonly lastFailureAt: string | null;
  readonly lastStatus: number | null;
}

/** The webhook outbox and the health of each endpoint. */
export interface DeliveryQueries {
  insertDeliveries(records: readonly DeliveryRecord[]): Promise<void>;
  /**
   * Pending deliveries due at `now`, oldest due first, skipping `excludeEndpoints`
   * and any delivery whose reverification has an earlier pending delivery to
   * the same endpoint (per-reverification order).
   */
  dueDeliveries(
    now: string,
    limit: number,
    excludeEndpoints: readonly string[],
  ): Promise<DeliveryRecord[]>;
  /** Writes the delivery's {@link DELIVERY_PROGRESS_FIELDS}; the event it carries never changes. */
  updateDelivery(record: DeliveryRecord): Promise<void>;
  /** Deliveries matching every given filter, oldest first. */
  listDeliveries(filter: {
    readonly status?: DeliveryStatus;
    readonly endpointId?: string;
    readonly eventId?: string;
    readonly limit: number;
  }): Promise<DeliveryRecord[]>;
  /** Pending and dead deliveries of an endpoint. */
  countDeliveries(endpointId: string): Promise<{ pending: number; dead: number }>;
  getEndpointState(id: string): Promise<EndpointStateRecord | null>;
  putEndpointState(record: EndpointStateRecord): Promise<void>;
}
