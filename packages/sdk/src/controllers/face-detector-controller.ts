import type { ReactiveController, ReactiveControllerHost } from 'lit';
import { ASSET_FILES } from '../assets.js';
import { ReverifyError } from '../errors.js';
import type { FaceObservation } from '../quality/types.js';
import { mediaPipeLogLevel } from '../utilities/media-pipe-logs.js';
import type { FaceDetector, VisionModule, VisionSource } from './vision-types.js';

/** One MediaPipe module per assets folder; a failed load is forgotten so a retry loads again. */
const visionModules = new Map<string, Promise<VisionModule>>();

function loadVision(base: URL): Promise<VisionModule> {
  const url = new URL(ASSET_FILES.visionBundle, base).href;
  let loading = visionModules.get(url);
  if (!loading) {
    loading = import(/* @vite-ignore */ /* webpackIgnore: true */ url) as Promise<VisionModule>;
    loading.catch(() => visionModules.delete(url));
    visionModules.set(url, loading);
  }
  return loading;
}

/** Emscripten reads `self.Module` when MediaPipe instantiates its wasm: the logs go through here. */
function routeMediaPipeLogs(): void {
  (globalThis as { Module?: object }).Module = {
    // biome-ignore lint/suspicious/noConsole: MediaPipe's own log lines, passed on at debug level
    print: (line: string) => console.debug(line),
    // biome-ignore lint/suspicious/noConsole: MediaPipe's own log lines, at the level each deserves
    printErr: (line: string) => console[mediaPipeLogLevel(line)](line),
  };
}

/**
 * Runs one detection on a blank frame, so the first camera frame does not
 * pay for the first inference's set-up (buffers, kernels). At timestamp 0,
 * before any a caller can use (VIDEO mode needs them to grow).
 */
function warmUp(detector: FaceDetector): void {
  const blank = document.createElement('canvas');
  blank.width = 320;
  blank.height = 240;
  blank.getContext('2d')?.fillRect(0, 0, blank.width, blank.height);
  detector.detectForVideo(blank, 0);
}

/**
 * Loads MediaPipe's FaceDetector (VIDEO mode, CPU) from the self-hosted
 * assets: the SIMD wasm where supported, else the portable one.
 *
 * @throws {@link ReverifyError} `model_load_failed`.
 */
export async function createFaceDetector(base: URL): Promise<FaceDetector> {
  try {
    const vision = await loadVision(base);
    const simd = await vision.FilesetResolver.isSimdSupported();
    const fileset = {
      wasmLoaderPath: new URL(simd ? ASSET_FILES.wasmLoader : ASSET_FILES.wasmLoaderNoSimd, base)
        .href,
      wasmBinaryPath: new URL(simd ? ASSET_FILES.wasmBinary : ASSET_FILES.wasmBinaryNoSimd, base)
        .href,
    };
    routeMediaPipeLogs();
    const detector = await vision.FaceDetector.createFromOptions(fileset, {
      baseOptions: { modelAssetPath: new URL(ASSET_FILES.faceModel, base).href, delegate: 'CPU' },
      runningMode: 'VIDEO',
      minDetectionConfidence: 0.5,
    });
    warmUp(detector);
    return detector;
  } catch (cause) {
    throw new ReverifyError(
      'model_load_failed',
      `Face detection could not load from ${base.href}`,
      { cause },
    );
  }
}

/**
 * Detectors made ahead of time by {@link preloadFaceDetector}, one per
 * assets folder; the next element that needs one takes it (and closes it
 * when it leaves the page).
 */
const preloaded = new Map<string, Promise<FaceDetector>>();

/**
 * Creates a detector from `base` now, for the next element to take, unless
 * one is waiting already. A failed preload is forgotten (the element then
 * loads its own and reports the failure).
 */
export function preloadFaceDetector(base: URL): Promise<FaceDetector> {
  let loading = preloaded.get(base.href);
  if (!loading) {
    loading = createFaceDetector(base);
    loading.catch(() => preloaded.delete(base.href));
    preloaded.set(base.href, loading);
  }
  return loading;
}

/** The preloaded detector of `base`, handed over once; `null` when none was preloaded. */
function takePreloaded(base: URL): Promise<FaceDetector> | null {
  const loading = preloaded.get(base.href) ?? null;
  preloaded.delete(base.href);
  return loading;
}

/** Detects faces in `source` (pixels `width` × `height`) and normalizes boxes to 0–1. */
export function detectFaces(
  detector: FaceDetector,
  source: VisionSource,
  width: number,
  height: number,
  timestampMs: number,
): FaceObservation[] {
  return detector.detectForVideo(source, timestampMs).detections.map((detection) => {
    const box = detection.boundingBox ?? { originX: 0, originY: 0, width: 0, height: 0 };
    return {
      box: {
        x: box.originX / width,
        y: box.originY / height,
        width: box.width / width,
        height: box.height / height,
      },
      keypoints: (detection.keypoints ?? []).map((point) => ({ x: point.x, y: point.y })),
      score: detection.categories[0]?.score ?? 0,
    };
  });
}

/**
 * Owns the element's FaceDetector: loads it on request, closes it when the
 * element leaves the page.
 */
export class FaceDetectorController implements ReactiveController {
  #detector: FaceDetector | null = null;
  #loading: Promise<FaceDetector> | null = null;
  /** Counts disconnections, so a load that outlives its element closes what it made. */
  #connection = 0;

  constructor(host: ReactiveControllerHost) {
    host.addController(this);
  }

  /** The loaded detector, or `null`. */
  get detector(): FaceDetector | null {
    return this.#detector;
  }

  /** Loads the detector from `base`, or takes the one preloaded there (once; a failure can be retried). */
  load(base: URL): Promise<FaceDetector> {
    if (this.#detector) return Promise.resolve(this.#detector);
    if (!this.#loading) {
      const connection = this.#connection;
      this.#loading = (takePreloaded(base) ?? createFaceDetector(base)).then(
        (detector) => {
          // The element left the page while this loaded: nobody will close it later.
          if (connection !== this.#connection) {
            detector.close();
            throw new ReverifyError('cancelled', 'The element left the page.');
          }
          this.#detector = detector;
          return detector;
        },
        (error: unknown) => {
          this.#loading = null;
          throw error;
        },
      );
    }
    return this.#loading;
  }

  hostConnected(): void {}

  hostDisconnected(): void {
    this.#connection += 1;
    this.#detector?.close();
    this.#detector = null;
    this.#loading = null;
  }
}
