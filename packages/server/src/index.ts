/**
 * @packageDocumentation
 * The Reverify backend handler. The handler itself arrives in a later
 * release; today it exposes the wire types it will speak.
 */
export type {
  CreateReverificationRequest,
  ErrorEnvelope,
  Reverification,
  WebhookPayload,
} from '@reverify/contract';
