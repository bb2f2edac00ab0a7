/**
 * @packageDocumentation
 * The Reverify browser SDK. Importing it has no side effects and touches no
 * browser global, so it is safe in server-side rendering. Register the
 * element with {@link defineReverifyCapture} (or import
 * `@reverify/sdk/define`).
 */
export type {
  CaptureChecks,
  Decision,
  ReasonCode,
  ReverificationStatus,
  StreamEvent,
} from '@reverify/contract';
export {
  type CaptureProgress,
  type CaptureState,
  ReverifyCaptureElement,
} from './components/reverify-capture/reverify-capture.component.js';
export { defineReverifyCapture } from './components/reverify-capture/reverify-capture.js';
export {
  defineReverifyFactors,
  type FactorKind,
  ReverifyFactorsElement,
} from './components/reverify-factors/reverify-factors.js';
export {
  defineReverifyHandoff,
  type HandoffState,
  ReverifyHandoffElement,
} from './components/reverify-handoff/reverify-handoff.js';
export {
  defineReverifyMethods,
  type MethodsStep,
  ReverifyMethodsElement,
} from './components/reverify-methods/reverify-methods.js';
export { ReverifyError, type ReverifyErrorCode } from './errors.js';
export type * from './events/index.js';
export { type HandoffPageOptions, openHandoffPage } from './handoff-page.js';
export {
  detectInAppBrowser,
  type InAppBrowser,
  type PreflightReport,
  preflight,
} from './preflight.js';
export { type PreloadOptions, preload } from './preload.js';
export type { GuidanceCode } from './quality/checks.js';
export { DEFAULT_QUALITY_CONFIG, type QualityConfig } from './quality/config.js';
export { type StartHandoffOptions, startHandoff } from './start-handoff.js';
export {
  type Cleanup,
  type ReverificationProgressEvent,
  type ReverificationResult,
  type StartReverificationOptions,
  startReverification,
} from './start-reverification.js';
export type { Translation, TranslationOverrides } from './translations/translation.js';
export { BUILT_IN_LOCALES } from './utilities/localize.js';
