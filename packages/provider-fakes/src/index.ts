/**
 * @packageDocumentation
 * Fakes of the face-match providers Reverify talks to, as real HTTP servers
 * on 127.0.0.1 that follow each provider's documented contract and inject
 * faults on demand. For tests and the demo; never for production.
 */
export {
  type Fault,
  FaultPlan,
  type SentWebhook,
  WebhookOutbox,
} from './fault.js';
export {
  startTruoraFake,
  type TruoraFake,
  type TruoraFakeOptions,
  type TruoraOutcome,
  type TruoraWebhookFaults,
} from './truora-fake.js';
export {
  startVecuFake,
  type VecuFake,
  type VecuFakeOptions,
  type VecuFakeSignature,
  type VecuOutcome,
  type VecuReference,
  type VecuWebhookFaults,
} from './vecu-fake.js';
