import type { EndpointStateRecord } from '../store/store.js';

/** One finished attempt, as an endpoint's health counts it. */
export interface AttemptHealth {
  readonly endpointId: string;
  readonly delivered: boolean;
  /** The HTTP status, or `null` when nothing answered. */
  readonly status: number | null;
  readonly at: string;
}

/**
 * An endpoint's health after `attempts`, in order (pure): a delivery resets
 * the failures in a row, anything else adds one; the last attempt's status
 * and times are kept. (Disabling on 410 is written with its dead letters,
 * not here.)
 */
export function foldHealth(
  state: EndpointStateRecord,
  attempts: readonly AttemptHealth[],
): EndpointStateRecord {
  let { consecutiveFailures, lastSuccessAt, lastFailureAt, lastStatus } = state;
  for (const attempt of attempts) {
    consecutiveFailures = attempt.delivered ? 0 : consecutiveFailures + 1;
    if (attempt.delivered) lastSuccessAt = attempt.at;
    else lastFailureAt = attempt.at;
    lastStatus = attempt.status;
  }
  return { ...state, consecutiveFailures, lastSuccessAt, lastFailureAt, lastStatus };
}
