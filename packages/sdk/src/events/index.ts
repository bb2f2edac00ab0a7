import type { ReverifyCaptureDetail } from './reverify-capture.js';
import type { ReverifyChallengeDetail } from './reverify-challenge.js';
import type { ReverifyCompleteDetail } from './reverify-complete.js';
import type { ReverifyErrorDetail } from './reverify-error.js';
import type { ReverifyFactorDetail } from './reverify-factor.js';
import type { ReverifyGuidanceDetail } from './reverify-guidance.js';
import type { ReverifyMethodDetail } from './reverify-method.js';
import type { ReverifyReadyDetail } from './reverify-ready.js';
import type { ReverifyStatusDetail } from './reverify-status.js';

export type * from './reverify-capture.js';
export type * from './reverify-challenge.js';
export type * from './reverify-complete.js';
export type * from './reverify-error.js';
export type * from './reverify-factor.js';
export type * from './reverify-guidance.js';
export type * from './reverify-method.js';
export type * from './reverify-ready.js';
export type * from './reverify-status.js';

/** Every event Reverify's elements dispatch, with its detail. */
export interface ReverifyEventMap {
  'reverify-ready': ReverifyReadyDetail;
  'reverify-guidance': ReverifyGuidanceDetail;
  'reverify-capture': ReverifyCaptureDetail;
  'reverify-challenge': ReverifyChallengeDetail;
  'reverify-error': ReverifyErrorDetail;
  'reverify-complete': ReverifyCompleteDetail;
  'reverify-status': ReverifyStatusDetail;
  'reverify-method': ReverifyMethodDetail;
  'reverify-factor': ReverifyFactorDetail;
}
