import { z } from 'zod';

/**
 * The integrator's own identifier of the person (user id, customer number,
 * email). 1–128 printable ASCII characters without spaces.
 */
export const ReferenceIdSchema = z
  .string()
  .min(1)
  .max(128)
  .regex(/^[\x21-\x7e]+$/, 'referenceId must be printable ASCII without spaces');

/** An ISO-8601 UTC timestamp with milliseconds, e.g. `2026-11-25T09:20:54.123Z`. */
export const TimestampSchema = z.iso.datetime({ offset: false, precision: 3 });

function prefixedId(prefix: string) {
  return z.string().regex(new RegExp(`^${prefix}_[A-Za-z0-9]{16,40}$`), `must be a ${prefix}_ id`);
}

/** A reverification id: `rv_` and 16–40 letters or digits. */
export const ReverificationIdSchema = prefixedId('rv');
/** An enrollment id: `en_` and 16–40 letters or digits. */
export const EnrollmentIdSchema = prefixedId('en');
/** A capture id: `cap_` and 16–40 letters or digits. */
export const CaptureIdSchema = prefixedId('cap');
/** A batch id: `bat_` and 16–40 letters or digits. */
export const BatchIdSchema = prefixedId('bat');
/** A batch report's id: `rpt_` and 16–40 letters or digits. */
export const ReportIdSchema = prefixedId('rpt');

const MAX_METADATA_KEYS = 20;

/**
 * Free-form integrator data kept with a reverification and echoed back:
 * at most 20 keys of up to 40 characters; values are strings (≤ 500
 * characters), finite numbers or booleans. Never put biometric data here.
 */
export const MetadataSchema = z
  .record(
    z.string().min(1).max(40),
    z.union([z.string().max(500), z.number().finite(), z.boolean()]),
  )
  .refine((value) => Object.keys(value).length <= MAX_METADATA_KEYS, {
    message: `metadata may have at most ${MAX_METADATA_KEYS} keys`,
  });

/** Integrator data kept with a reverification; see {@link MetadataSchema}. */
export type Metadata = z.infer<typeof MetadataSchema>;

/** Seconds a reverification may stay open by default. */
export const DEFAULT_TIMEOUT_SECONDS = 300;
/** The longest a reverification may stay open (6 hours, as Truora allows). */
export const MAX_TIMEOUT_SECONDS = 21_600;
/** The shortest allowed timeout, enough for one capture and one decision. */
export const MIN_TIMEOUT_SECONDS = 30;

/** Seconds before a reverification expires: integer, 30–21600, default 300. */
export const TimeoutSecondsSchema = z
  .number()
  .int()
  .min(MIN_TIMEOUT_SECONDS)
  .max(MAX_TIMEOUT_SECONDS);

/** A match threshold between 0 and 1 (higher is stricter). */
export const ThresholdSchema = z.number().min(0).max(1);
