import { parsePhoneNumberWithError } from 'libphonenumber-js';
import { ReverifyError } from '../plugin/errors.js';

/** A phone number the handler may text. */
export interface PhoneNumber {
  /** E.164, e.g. `+15551234567`. */
  readonly e164: string;
  /** The ISO 3166-1 country the number belongs to, when its digits tell. */
  readonly country: string | null;
}

/** Number types an SMS-pumping attack targets: texting them costs the sender. */
const PAID_TYPES = new Set(['PREMIUM_RATE', 'SHARED_COST']);

const refuse = (message: string, reason: string) =>
  new ReverifyError('invalid_request', message, { details: { field: 'phoneNumber', reason } });

/**
 * A phone number as people write it (`+1-555-123-4567`, `+55 (11) 91234-5678`)
 * in E.164, with libphonenumber-js: it must carry its country code, be
 * possible for that country (the number of digits; whether it is assigned
 * is left to the SMS provider, so the seed's `+1-555-…` passes), not be a
 * premium-rate or shared-cost number, and be in `countries` when that is
 * given.
 *
 * @throws `invalid_request` (`details: { field: 'phoneNumber', reason }`).
 */
export function normalizePhoneNumber(
  raw: string,
  options: { readonly countries?: readonly string[] } = {},
): PhoneNumber {
  let parsed: ReturnType<typeof parsePhoneNumberWithError>;
  try {
    parsed = parsePhoneNumberWithError(raw);
  } catch {
    throw refuse(
      'phoneNumber is not a phone number with its country code, e.g. +1-555-123-4567.',
      'unparsable',
    );
  }
  if (!parsed.isPossible()) {
    throw refuse('phoneNumber has too few or too many digits for its country.', 'impossible');
  }
  const type = parsed.getType();
  if (type && PAID_TYPES.has(type)) {
    throw refuse('phoneNumber is a premium-rate number; links are not texted there.', 'premium');
  }
  const country = parsed.country ?? null;
  if (options.countries && !(country && options.countries.includes(country))) {
    throw refuse('Links are not texted to phone numbers of this country.', 'country');
  }
  return { e164: parsed.number, country };
}
