import { z } from 'zod';
import { CaptureIdSchema, ReverificationIdSchema, TimestampSchema } from './common.js';
import { ReverificationStatusSchema } from './lifecycle.js';

/**
 * The quality measurements of the captured moment, computed on the device.
 * They travel with the upload so a rejection can be explained; the handler
 * never trusts them for the decision.
 */
export const CaptureChecksSchema = z.strictObject({
  /** Faces the detector saw in the captured frame. */
  faceCount: z.number().int().min(0).max(32),
  /** Face box width divided by frame width, 0–1. */
  faceSize: z.number().min(0).max(1),
  /** Horizontal distance of the face center from the oval center, in frame widths, −1–1. */
  offsetX: z.number().min(-1).max(1),
  /** Vertical distance of the face center from the oval center, in frame heights, −1–1. */
  offsetY: z.number().min(-1).max(1),
  /** Mean luma of the face region, 0–255. */
  brightness: z.number().min(0).max(255),
  /** Face luma minus background luma, −255–255 (strongly negative means backlit). */
  backlight: z.number().min(-255).max(255),
  /** Variance of the Laplacian on the face crop (higher is sharper). */
  sharpness: z.number().min(0).max(1e6),
  /** Head turn left/right in degrees, −90–90. */
  yaw: z.number().min(-90).max(90),
  /** Head tilt in degrees, −180–180. */
  roll: z.number().min(-180).max(180),
  /** Largest face-center movement over the stability window, in frame widths, 0–2. */
  stability: z.number().min(0).max(2),
});

/** Device-side quality measurements; see {@link CaptureChecksSchema}. */
export type CaptureChecks = z.infer<typeof CaptureChecksSchema>;

/** Image formats the handler accepts (sniffed from the bytes). */
export const ImageFormatSchema = z.enum(['jpeg', 'png', 'webp']);

/** An accepted image format; see {@link ImageFormatSchema}. */
export type ImageFormat = z.infer<typeof ImageFormatSchema>;

/** Answer of `POST /v1/reverifications/{id}/capture`. */
export const UploadResponseSchema = z.strictObject({
  reverificationId: ReverificationIdSchema,
  captureId: CaptureIdSchema,
  /** `processing` right after a successful upload. */
  status: ReverificationStatusSchema,
  receivedAt: TimestampSchema,
  /** The sanitized (re-encoded, metadata-free) image that was stored. */
  image: z.strictObject({
    format: ImageFormatSchema,
    width: z.number().int().positive(),
    height: z.number().int().positive(),
    bytes: z.number().int().positive(),
  }),
});

/** Answer of the capture upload; see {@link UploadResponseSchema}. */
export type UploadResponse = z.infer<typeof UploadResponseSchema>;
