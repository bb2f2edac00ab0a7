/** Options of {@link captureFrame}. */
export interface CaptureOptions {
  /** Longest edge of the JPEG in pixels. */
  readonly maxLongEdge: number;
  /** JPEG quality, 0–1. */
  readonly quality: number;
}

/**
 * Encodes the current full-resolution video frame (not the preview, not
 * mirrored) as a JPEG no larger than `maxLongEdge`.
 */
export async function captureFrame(
  video: HTMLVideoElement,
  options: CaptureOptions,
): Promise<{ blob: Blob; width: number; height: number }> {
  const scale = Math.min(1, options.maxLongEdge / Math.max(video.videoWidth, video.videoHeight));
  const width = Math.round(video.videoWidth * scale);
  const height = Math.round(video.videoHeight * scale);
  const canvas = document.createElement('canvas');
  canvas.width = width;
  canvas.height = height;
  const context = canvas.getContext('2d');
  if (!context) throw new Error('2D canvas unavailable');
  context.drawImage(video, 0, 0, width, height);
  const blob = await new Promise<Blob | null>((resolve) =>
    canvas.toBlob(resolve, 'image/jpeg', options.quality),
  );
  if (!blob) throw new Error('JPEG encoding failed');
  return { blob, width, height };
}
