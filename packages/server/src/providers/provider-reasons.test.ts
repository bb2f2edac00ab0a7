import { ReasonCodeSchema } from '@reverify/contract';
import { describe, expect, it } from 'vitest';
import { mapProviderReason } from '../plugin/reasons.js';
import { TRUORA_REASON_MAP } from './truora/truora-reasons.js';
import { VECU_REASON_MAP } from './vecu/vecu-reasons.js';

describe('provider reason maps', () => {
  it('map only onto Reverify reason codes', () => {
    for (const code of [...Object.values(TRUORA_REASON_MAP), ...Object.values(VECU_REASON_MAP)]) {
      expect(ReasonCodeSchema.safeParse(code).success, code).toBe(true);
    }
  });

  it('maps the documented Truora declined reasons', () => {
    expect(
      mapProviderReason(TRUORA_REASON_MAP, 'similarity_threshold_not_passed', 'provider_error'),
    ).toBe('selfie_no_match');
    expect(
      mapProviderReason(
        TRUORA_REASON_MAP,
        'passive_liveness_verification_not_passed',
        'provider_error',
      ),
    ).toBe('liveness_failed');
    expect(mapProviderReason(TRUORA_REASON_MAP, 'face_not_detected', 'provider_error')).toBe(
      'no_face',
    );
    expect(mapProviderReason(TRUORA_REASON_MAP, 'face_in_blocklist', 'provider_error')).toBe(
      'risky_face',
    );
    // An expired reason is not a decline: it has a list of its own.
    expect(mapProviderReason(TRUORA_REASON_MAP, 'input_file_not_uploaded', 'provider_error')).toBe(
      'provider_error',
    );
  });

  it('maps the VECU reasons', () => {
    expect(mapProviderReason(VECU_REASON_MAP, 'id.selfie.match', 'provider_error')).toBe(
      'selfie_match',
    );
    expect(mapProviderReason(VECU_REASON_MAP, 'id.liveness.passed', 'provider_error')).toBe(
      'liveness_passed',
    );
    expect(mapProviderReason(VECU_REASON_MAP, 'id.selfie.no_match', 'provider_error')).toBe(
      'selfie_no_match',
    );
    expect(mapProviderReason(VECU_REASON_MAP, 'id.selfie.unclear', 'provider_error')).toBe(
      'selfie_unclear',
    );
  });

  it('falls back for unknown and prototype-named reasons', () => {
    expect(mapProviderReason(TRUORA_REASON_MAP, 'brand_new_reason', 'selfie_unclear')).toBe(
      'selfie_unclear',
    );
    expect(mapProviderReason(VECU_REASON_MAP, 'toString', 'provider_error')).toBe('provider_error');
  });
});
