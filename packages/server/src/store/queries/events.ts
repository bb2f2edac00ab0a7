import type { StreamEvent } from '@reverify/contract';

/** One appended lifecycle event; `sequence` is 1, 2, 3… per reverification. */
export type EventRecord = StreamEvent;

/** The append-only event log of each reverification. */
export interface EventQueries {
  appendEvent(event: EventRecord): Promise<void>;
  /** Events with `sequence > afterSequence`, in order. */
  listEvents(reverificationId: string, afterSequence: number): Promise<EventRecord[]>;
  /** The highest `sequence` appended for the reverification; 0 before its first event. */
  lastEventSequence(reverificationId: string): Promise<number>;
}
