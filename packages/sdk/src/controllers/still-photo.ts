import type { CaptureChecks } from '@reverify/contract';
import type { FrameEvaluation } from '../quality/checks.js';
import { type QualityConfig, stillPhotoConfig } from '../quality/config.js';
import type { CaptureOptions } from './capture-frame.js';
import { ANALYSIS_WIDTH, analysePicture } from './quality-gate-controller.js';
import type { FaceDetector } from './vision-types.js';

/** A photo from the device's camera app, re-encoded and checked like a live frame. */
export interface StillPhoto {
  /** The JPEG the SDK made from it: upright, no larger than `maxLongEdge`, without the file's metadata. */
  readonly blob: Blob;
  readonly width: number;
  readonly height: number;
  /** Every quality check of the photo, with the still's thresholds (see `stillPhotoConfig`). */
  readonly evaluation: FrameEvaluation;
  readonly checks: CaptureChecks;
}

/** A 2D context of a new canvas of `width` × `height`. */
function canvasOf(width: number, height: number): CanvasRenderingContext2D {
  const canvas = document.createElement('canvas');
  canvas.width = width;
  canvas.height = height;
  const context = canvas.getContext('2d', { willReadFrequently: true, alpha: false });
  if (!context) throw new Error('2D canvas unavailable');
  return context;
}

/**
 * Turns the file of `<input type="file" capture="user">` into a capture:
 * decodes it upright (EXIF orientation applied), re-encodes it as a JPEG
 * (dropping the file's metadata, GPS included) and runs the quality checks
 * on it with the thresholds of a still (`stillPhotoConfig`).
 *
 * @throws when the file is not an image the browser can decode.
 */
export async function stillPhoto(
  file: Blob,
  detector: FaceDetector,
  config: QualityConfig,
  options: CaptureOptions,
): Promise<StillPhoto> {
  const bitmap = await createImageBitmap(file, { imageOrientation: 'from-image' });
  try {
    const scale = Math.min(1, options.maxLongEdge / Math.max(bitmap.width, bitmap.height));
    const full = canvasOf(Math.round(bitmap.width * scale), Math.round(bitmap.height * scale));
    full.drawImage(bitmap, 0, 0, full.canvas.width, full.canvas.height);
    const small = canvasOf(
      ANALYSIS_WIDTH,
      Math.round((bitmap.height / bitmap.width) * ANALYSIS_WIDTH),
    );
    small.drawImage(bitmap, 0, 0, small.canvas.width, small.canvas.height);
    const { evaluation } = analysePicture(
      small,
      detector,
      Math.round(performance.now()),
      [],
      stillPhotoConfig(config),
    );
    const blob = await new Promise<Blob | null>((resolve) =>
      full.canvas.toBlob(resolve, 'image/jpeg', options.quality),
    );
    if (!blob) throw new Error('JPEG encoding failed');
    return {
      blob,
      width: full.canvas.width,
      height: full.canvas.height,
      evaluation,
      checks: evaluation.telemetry,
    };
  } finally {
    bitmap.close();
  }
}
