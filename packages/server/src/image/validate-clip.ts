import { ALL_FORMATS, BufferSource, Input, MP4, QTFF, WEBM } from 'mediabunny';
import { ReverifyError } from '../plugin/errors.js';
import type { StoredClip } from '../plugin/presence.js';

/** Limits of a challenge video. */
export interface ClipLimits {
  /** Largest accepted clip, bytes. Default 10 MB (Truora's limit for passive liveness). */
  readonly maxBytes: number;
  /** Longest accepted clip, milliseconds. Default 15000. */
  readonly maxDurationMs: number;
}

/** The defaults of {@link ClipLimits}. */
export const DEFAULT_CLIP_LIMITS: ClipLimits = {
  maxBytes: 10 * 1024 * 1024,
  maxDurationMs: 15_000,
};

/** The containers browsers record (`MediaRecorder`) and Truora accepts. */
const ACCEPTED = [WEBM, MP4, QTFF];

function invalidClip(message: string, cause?: unknown): ReverifyError {
  return new ReverifyError('clip_invalid', message, cause === undefined ? undefined : { cause });
}

/**
 * Validates an uploaded challenge video by parsing its container (mediabunny,
 * pure TypeScript, no ffmpeg): WebM or MP4/MOV with a video track, within
 * the size and duration limits. The bytes are kept as they are (a video is
 * not re-encoded); they never reach a log.
 *
 * @throws {@link ReverifyError} `payload_too_large` or `clip_invalid`.
 */
export async function validateClip(
  bytes: Uint8Array,
  limits: ClipLimits = DEFAULT_CLIP_LIMITS,
): Promise<StoredClip> {
  if (bytes.byteLength > limits.maxBytes) {
    throw new ReverifyError(
      'payload_too_large',
      `The clip is larger than ${limits.maxBytes} bytes.`,
      {
        details: { maxBytes: limits.maxBytes },
      },
    );
  }
  const input = new Input({ formats: ALL_FORMATS, source: new BufferSource(bytes) });
  try {
    let format: Awaited<ReturnType<Input['getFormat']>>;
    try {
      format = await input.getFormat();
    } catch (cause) {
      throw invalidClip('The clip is not a video this handler can read.', cause);
    }
    if (!ACCEPTED.some((accepted) => accepted.name === format.name)) {
      throw invalidClip(`A ${format.name} file is not accepted; send WebM or MP4.`);
    }
    const track = await input.getPrimaryVideoTrack();
    if (!track?.codec) throw invalidClip('The clip has no video track.');
    const durationMs = Math.round((await input.computeDuration()) * 1000);
    if (!(durationMs > 0)) throw invalidClip('The clip has no frames.');
    if (durationMs > limits.maxDurationMs) {
      throw invalidClip(`The clip lasts ${durationMs} ms; at most ${limits.maxDurationMs} ms.`);
    }
    return {
      bytes,
      mimeType: (await input.getMimeType()).split(';')[0] as string,
      durationMs,
      width: track.displayWidth,
      height: track.displayHeight,
      codec: track.codec,
    };
  } catch (error) {
    if (error instanceof ReverifyError) throw error;
    throw invalidClip('The clip cannot be parsed.', error);
  } finally {
    input.dispose();
  }
}
