import type { ReactiveController, ReactiveControllerHost } from 'lit';
import { cameraErrorCode, ReverifyError } from '../errors.js';

/** What the camera is doing. */
export const CameraStatus = {
  idle: 'idle',
  requesting: 'requesting',
  live: 'live',
  /** Stopped because the page stayed hidden; restarts when it is visible again. */
  paused: 'paused',
} as const;

/** A camera status; see {@link CameraStatus}. */
export type CameraStatus = (typeof CameraStatus)[keyof typeof CameraStatus];

/** Options of {@link CameraController}. */
export interface CameraControllerOptions {
  /** Milliseconds the page may stay hidden before the camera is stopped (read when it hides). */
  readonly hiddenStopMs: () => number;
  /** Called when the camera was paused by a hidden page and the page is visible again. */
  readonly onResume: () => void;
}

/**
 * Owns the camera stream: opens the front camera (or a chosen `deviceId`),
 * lists the cameras for a picker, switches live, and stops every track on
 * `stop()`, on disconnect and when the page stays hidden — no camera light
 * is left on.
 */
export class CameraController implements ReactiveController {
  status: CameraStatus = 'idle';
  stream: MediaStream | null = null;
  /** Video inputs, known once permission was granted. */
  devices: MediaDeviceInfo[] = [];
  readonly #host: ReactiveControllerHost;
  readonly #options: CameraControllerOptions;
  #hiddenTimer: ReturnType<typeof setTimeout> | undefined;
  #request = 0;

  constructor(host: ReactiveControllerHost, options: CameraControllerOptions) {
    this.#host = host;
    this.#options = options;
    host.addController(this);
  }

  /** The `deviceId` of the live camera, or `null`. */
  get deviceId(): string | null {
    return this.stream?.getVideoTracks()[0]?.getSettings().deviceId ?? null;
  }

  /** What `getUserMedia` was last asked for the video. */
  requested: MediaTrackConstraints = {};

  /** The live track's label, what was asked of it and what it delivers (for the capture signals). */
  facts(): { label: string; requested: MediaTrackConstraints; settings: MediaTrackSettings } {
    return {
      label: this.label,
      requested: this.requested,
      settings: this.stream?.getVideoTracks()[0]?.getSettings() ?? {},
    };
  }

  /** The label of the live camera ('' until the browser reveals labels). */
  get label(): string {
    return this.stream?.getVideoTracks()[0]?.label ?? '';
  }

  /**
   * Opens a camera: `deviceId` exactly when given, else the front camera at
   * an ideal 1280×720. Replaces a running stream.
   *
   * @throws {@link ReverifyError} with a camera code.
   */
  async start(deviceId?: string | null): Promise<MediaStream> {
    const request = ++this.#request;
    this.#stopTracks();
    this.status = 'requesting';
    this.#host.requestUpdate();
    const mediaDevices = typeof navigator === 'undefined' ? undefined : navigator.mediaDevices;
    const context = {
      secure: globalThis.isSecureContext === true,
      hasGetUserMedia: typeof mediaDevices?.getUserMedia === 'function',
    };
    try {
      if (!context.secure || !context.hasGetUserMedia) throw new Error('camera API unavailable');
      this.requested = {
        ...(deviceId ? { deviceId: { exact: deviceId } } : { facingMode: 'user' }),
        width: { ideal: 1280 },
        height: { ideal: 720 },
      };
      const stream = await (mediaDevices as MediaDevices).getUserMedia({
        audio: false,
        video: this.requested,
      });
      if (request !== this.#request) {
        // A newer start() or a stop() superseded this one while the prompt was open.
        for (const track of stream.getTracks()) track.stop();
        throw new ReverifyError('cancelled', 'The camera request was superseded.');
      }
      this.stream = stream;
      this.status = 'live';
      this.devices = (await (mediaDevices as MediaDevices).enumerateDevices()).filter(
        (d) => d.kind === 'videoinput',
      );
      this.#host.requestUpdate();
      return stream;
    } catch (error) {
      if (request === this.#request) this.status = 'idle';
      this.#host.requestUpdate();
      if (error instanceof ReverifyError) throw error;
      const code = cameraErrorCode(error, context);
      throw new ReverifyError(code, `Camera failed: ${(error as Error)?.name ?? 'unknown'}`, {
        cause: error,
      });
    }
  }

  /** Stops every track and forgets the stream. */
  stop(): void {
    this.#request += 1;
    this.#stopTracks();
    this.status = 'idle';
    this.#host.requestUpdate();
  }

  #stopTracks(): void {
    for (const track of this.stream?.getTracks() ?? []) track.stop();
    this.stream = null;
  }

  #onVisibility = (): void => {
    clearTimeout(this.#hiddenTimer);
    if (document.visibilityState === 'hidden') {
      if (this.status !== 'live') return;
      this.#hiddenTimer = setTimeout(() => {
        this.#request += 1;
        this.#stopTracks();
        this.status = 'paused';
        this.#host.requestUpdate();
      }, this.#options.hiddenStopMs());
    } else if (this.status === 'paused') {
      this.status = 'idle';
      this.#options.onResume();
    }
  };

  hostConnected(): void {
    document.addEventListener('visibilitychange', this.#onVisibility);
  }

  hostDisconnected(): void {
    document.removeEventListener('visibilitychange', this.#onVisibility);
    clearTimeout(this.#hiddenTimer);
    this.stop();
  }
}
