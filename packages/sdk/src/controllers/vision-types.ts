/**
 * The part of MediaPipe Tasks Vision the SDK uses, typed here so that the
 * published types do not depend on `@mediapipe/tasks-vision`: the module is
 * loaded at run time from the self-hosted assets (`@reverify/sdk-assets`).
 * `vision-types.test.ts` checks that tasks-vision's own types fit these.
 */

/** A point of a detection, normalized to 0–1. */
export interface VisionKeypoint {
  readonly x: number;
  readonly y: number;
}

/** One face the detector found, in pixels of the input. */
export interface VisionDetection {
  readonly boundingBox?: {
    readonly originX: number;
    readonly originY: number;
    readonly width: number;
    readonly height: number;
  };
  readonly keypoints?: readonly VisionKeypoint[];
  readonly categories: readonly { readonly score: number }[];
}

/** What can be analysed: a canvas or the live video. */
export type VisionSource = HTMLCanvasElement | OffscreenCanvas | HTMLVideoElement;

/** MediaPipe's `FaceDetector` in VIDEO mode. */
export interface FaceDetector {
  detectForVideo(source: VisionSource, timestampMs: number): { detections: VisionDetection[] };
  close(): void;
}

/** Where the wasm loader and binary are. */
export interface WasmFileset {
  wasmLoaderPath: string;
  wasmBinaryPath: string;
}

/** The `vision_bundle.mjs` module: what the SDK calls of it. */
export interface VisionModule {
  readonly FilesetResolver: { isSimdSupported(): Promise<boolean> };
  readonly FaceDetector: {
    createFromOptions(
      fileset: WasmFileset,
      options: {
        baseOptions: { modelAssetPath: string; delegate: 'CPU' | 'GPU' };
        runningMode: 'VIDEO' | 'IMAGE';
        minDetectionConfidence: number;
      },
    ): Promise<FaceDetector>;
  };
}
