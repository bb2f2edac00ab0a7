/**
 * @packageDocumentation
 * The Reverify browser SDK. The capture element and `startReverification`
 * arrive in later releases; today it exposes the wire types it will speak.
 */
export type {
  Decision,
  ReasonCode,
  ReverificationStatus,
  StreamEvent,
} from '@reverify/contract';
