import type { ReactiveController, ReactiveControllerHost } from 'lit';

/** The formats tried, best first: Truora's own SDK uploads MP4; WebM VP8 records everywhere else. */
const TYPES = ['video/mp4;codecs=avc1.42E01E', 'video/mp4', 'video/webm;codecs=vp8', 'video/webm'];

/** The first format `MediaRecorder` supports here, or `null` without it. */
export function recordingType(
  supports: (type: string) => boolean = (type) =>
    typeof MediaRecorder !== 'undefined' && MediaRecorder.isTypeSupported(type),
): string | null {
  return TYPES.find(supports) ?? null;
}

/**
 * Records the camera during the challenge when the provider wants a video
 * (Truora's passive liveness): at a bitrate that keeps the clip under the
 * handler's size limit, stopped at its duration limit; a clip over the
 * limit is dropped rather than refused later.
 */
export class ClipRecorderController implements ReactiveController {
  #recorder: MediaRecorder | null = null;
  #chunks: Blob[] = [];
  #maxBytes = 0;
  #timer: ReturnType<typeof setTimeout> | undefined;

  constructor(host: ReactiveControllerHost) {
    host.addController(this);
  }

  /** Starts recording `stream`; does nothing where `MediaRecorder` is missing. */
  start(stream: MediaStream, limits: { maxBytes: number; maxDurationMs: number }): void {
    this.cancel();
    const type = recordingType();
    if (!type) return;
    this.#maxBytes = limits.maxBytes;
    this.#chunks = [];
    // 70 % of the size budget spread over the longest clip, and never above 1.5 Mbit/s.
    const bitrate = Math.min(
      1_500_000,
      ((limits.maxBytes * 8) / (limits.maxDurationMs / 1000)) * 0.7,
    );
    const recorder = new MediaRecorder(stream, { mimeType: type, videoBitsPerSecond: bitrate });
    recorder.ondataavailable = (event) => {
      if (event.data.size > 0) this.#chunks.push(event.data);
    };
    recorder.start(1000);
    this.#recorder = recorder;
    this.#timer = setTimeout(() => {
      if (recorder.state === 'recording') recorder.stop();
    }, limits.maxDurationMs - 200);
  }

  /** Stops and returns the clip, or `null` (not recording, or over the size limit). */
  async stop(): Promise<Blob | null> {
    const recorder = this.#recorder;
    this.#recorder = null;
    clearTimeout(this.#timer);
    if (!recorder) return null;
    if (recorder.state !== 'inactive') {
      await new Promise<void>((resolve) => {
        recorder.onstop = () => resolve();
        recorder.stop();
      });
    }
    const clip = new Blob(this.#chunks, { type: recorder.mimeType.split(';')[0] ?? '' });
    this.#chunks = [];
    return clip.size > 0 && clip.size <= this.#maxBytes ? clip : null;
  }

  /** Stops without keeping anything. */
  cancel(): void {
    clearTimeout(this.#timer);
    if (this.#recorder && this.#recorder.state !== 'inactive') this.#recorder.stop();
    this.#recorder = null;
    this.#chunks = [];
  }

  hostConnected(): void {}

  hostDisconnected(): void {
    this.cancel();
  }
}
