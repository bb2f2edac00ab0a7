/** Options of {@link captureFrame}. */
export interface CaptureOptions {
  /** Longest edge of the JPEG in pixels. */
  readonly maxLongEdge: number;
  /** JPEG quality, 0–1. */
  readonly quality: number;
}

/** A JPEG of a picture and its size in pixels. */
export interface EncodedPicture {
  readonly blob: Blob;
  readonly width: number;
  readonly height: number;
}

/**
 * Encodes `source` (`sourceWidth` × `sourceHeight` pixels) as a JPEG no
 * larger than `maxLongEdge`, as it is (not mirrored). A canvas keeps no
 * metadata, so a file's EXIF (GPS included) never reaches the JPEG.
 */
export async function encodePicture(
  source: CanvasImageSource,
  sourceWidth: number,
  sourceHeight: number,
  options: CaptureOptions,
): Promise<EncodedPicture> {
  const scale = Math.min(1, options.maxLongEdge / Math.max(sourceWidth, sourceHeight));
  const width = Math.round(sourceWidth * scale);
  const height = Math.round(sourceHeight * scale);
  const canvas = document.createElement('canvas');
  canvas.width = width;
  canvas.height = height;
  const context = canvas.getContext('2d');
  if (!context) throw new Error('2D canvas unavailable');
  context.drawImage(source, 0, 0, width, height);
  const blob = await new Promise<Blob | null>((resolve) =>
    canvas.toBlob(resolve, 'image/jpeg', options.quality),
  );
  if (!blob) throw new Error('JPEG encoding failed');
  return { blob, width, height };
}

/**
 * Encodes the current full-resolution video frame (not the preview, not
 * mirrored) as a JPEG no larger than `maxLongEdge`.
 */
export function captureFrame(
  video: HTMLVideoElement,
  options: CaptureOptions,
): Promise<EncodedPicture> {
  return encodePicture(video, video.videoWidth, video.videoHeight, options);
}
