import type { FrameEvaluation } from '../quality/checks.js';
import { type QualityConfig, stillPhotoConfig } from '../quality/config.js';
import { type CaptureOptions, type EncodedPicture, encodePicture } from './capture-frame.js';
import { ANALYSIS_WIDTH, analysePicture } from './quality-gate-controller.js';
import type { FaceDetector } from './vision-types.js';

/** A photo from the device's camera app, re-encoded and checked like a live frame. */
export interface StillPhoto extends EncodedPicture {
  /**
   * Every quality check of the photo, with the still's thresholds (see
   * `stillPhotoConfig`); its `telemetry` travels with the upload.
   */
  readonly evaluation: FrameEvaluation;
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
    const canvas = document.createElement('canvas');
    canvas.width = ANALYSIS_WIDTH;
    canvas.height = Math.round((bitmap.height / bitmap.width) * ANALYSIS_WIDTH);
    const small = canvas.getContext('2d', { willReadFrequently: true, alpha: false });
    if (!small) throw new Error('2D canvas unavailable');
    small.drawImage(bitmap, 0, 0, canvas.width, canvas.height);
    const { evaluation } = analysePicture(
      small,
      detector,
      Math.round(performance.now()),
      [],
      stillPhotoConfig(config),
    );
    const picture = await encodePicture(bitmap, bitmap.width, bitmap.height, options);
    return { ...picture, evaluation };
  } finally {
    bitmap.close();
  }
}
