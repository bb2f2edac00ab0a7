import type { ImageFormat } from '@reverify/contract';
import { fileTypeFromBuffer } from 'file-type';
import sharp, { type Metadata } from 'sharp';
import { ReverifyError } from '../plugin/errors.js';
import type { StoredImage } from '../store/store.js';

/** Limits applied to every uploaded image. */
export interface ImageLimits {
  /** Largest accepted upload in bytes. Default 10 MB. */
  readonly maxBytes: number;
  /** Largest accepted width × height, read from the header before decoding. Default 25 MP. */
  readonly maxPixels: number;
  /**
   * Smallest accepted shorter side, in pixels, read from the header. Default
   * 128, the input size of the face detector (BlazeFace short-range takes
   * 128×128): a smaller image holds less of a face than any detector or
   * face-match model looks at, so it is refused before it can spend an
   * upload token.
   */
  readonly minEdge: number;
  /** The stored image is scaled down to fit this long edge, in pixels. Default 2048. */
  readonly maxOutputEdge: number;
  /** JPEG quality of the re-encoded image, 1–100. Default 90. */
  readonly jpegQuality: number;
  /**
   * Optimised Huffman tables for the re-encoded JPEG (libjpeg's
   * `optimize_coding`): smaller files for more CPU. Default `true`; `false`
   * trades bytes stored (and sent to the provider) for upload throughput,
   * measured by `pnpm bench:server` (`encoding`).
   */
  readonly optimiseJpegCoding: boolean;
}

/** The defaults of {@link ImageLimits}. */
export const DEFAULT_IMAGE_LIMITS: ImageLimits = {
  maxBytes: 10 * 1024 * 1024,
  maxPixels: 25_000_000,
  minEdge: 128,
  maxOutputEdge: 2048,
  jpegQuality: 90,
  optimiseJpegCoding: true,
};

const SNIFFED_FORMATS: Record<string, ImageFormat> = {
  'image/jpeg': 'jpeg',
  'image/png': 'png',
  'image/webp': 'webp',
};

/**
 * Validates an uploaded image and returns a clean copy: sniffs JPEG, PNG or
 * WebP from the bytes, checks the byte size and the header's pixel count
 * before any decode, then decodes, applies EXIF orientation, scales to the
 * output edge and re-encodes as JPEG without any metadata. Bytes appended
 * to or hidden in the original (polyglots, EXIF, GPS) do not survive.
 *
 * @throws {@link ReverifyError} `payload_too_large`, `unsupported_media_type`,
 *   `image_too_large`, `image_too_small` or `corrupt_image`.
 */
export async function sanitizeImage(
  input: Uint8Array,
  limits: ImageLimits = DEFAULT_IMAGE_LIMITS,
): Promise<StoredImage> {
  if (input.byteLength === 0) throw new ReverifyError('corrupt_image', 'The image is empty.');
  if (input.byteLength > limits.maxBytes) {
    throw new ReverifyError(
      'payload_too_large',
      `The image is larger than ${limits.maxBytes} bytes.`,
      {
        details: { maxBytes: limits.maxBytes },
      },
    );
  }
  const sniffed = await fileTypeFromBuffer(input);
  const format = sniffed ? SNIFFED_FORMATS[sniffed.mime] : undefined;
  if (!format) {
    throw new ReverifyError(
      'unsupported_media_type',
      'Only JPEG, PNG and WebP images are accepted.',
      {
        details: { accepted: Object.keys(SNIFFED_FORMATS) },
      },
    );
  }

  // libvips keeps decoded images in an operation cache; a selfie must not linger there.
  sharp.cache(false);
  let header: Metadata;
  try {
    header = await sharp(input, { limitInputPixels: false }).metadata();
  } catch (cause) {
    throw new ReverifyError('corrupt_image', 'The image header cannot be read.', { cause });
  }
  if (header.format !== format || !header.width || !header.height) {
    throw new ReverifyError('corrupt_image', 'The image header does not match its format.');
  }
  if (Math.min(header.width, header.height) < limits.minEdge) {
    throw new ReverifyError(
      'image_too_small',
      `The image is ${header.width}×${header.height}; its shorter side must be at least ${limits.minEdge} pixels.`,
      { details: { width: header.width, height: header.height, minEdge: limits.minEdge } },
    );
  }
  if (header.width * header.height > limits.maxPixels) {
    throw new ReverifyError(
      'image_too_large',
      `The image has more than ${limits.maxPixels} pixels.`,
      {
        details: { width: header.width, height: header.height, maxPixels: limits.maxPixels },
      },
    );
  }

  try {
    const { data, info } = await sharp(input, {
      limitInputPixels: limits.maxPixels,
      failOn: 'error',
    })
      .rotate()
      .resize({
        width: limits.maxOutputEdge,
        height: limits.maxOutputEdge,
        fit: 'inside',
        withoutEnlargement: true,
      })
      .jpeg({ quality: limits.jpegQuality, optimiseCoding: limits.optimiseJpegCoding })
      .toBuffer({ resolveWithObject: true });
    return { bytes: new Uint8Array(data), format: 'jpeg', width: info.width, height: info.height };
  } catch (cause) {
    throw new ReverifyError('corrupt_image', 'The image cannot be decoded.', { cause });
  }
}
