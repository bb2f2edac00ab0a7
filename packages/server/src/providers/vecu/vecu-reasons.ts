import type { ReasonCode } from '@reverify/contract';

/**
 * VECU-style reverification reasons (`id.selfie.match`, …) mapped to Reverify
 * reason codes.
 */
export const VECU_REASON_MAP: Readonly<Record<string, ReasonCode>> = {
  'id.selfie.match': 'selfie_match',
  'id.selfie.no_match': 'selfie_no_match',
  'id.selfie.unclear': 'selfie_unclear',
  'id.selfie.no_face': 'no_face',
  'id.selfie.multiple_faces': 'multiple_faces',
  'id.liveness.passed': 'liveness_passed',
  'id.liveness.failed': 'liveness_failed',
};
