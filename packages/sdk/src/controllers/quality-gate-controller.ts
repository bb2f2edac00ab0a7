import type { ReactiveController, ReactiveControllerHost } from 'lit';
import { addFrame, type FrameTiming, NO_FRAME_TIMING } from '../presence/signals.js';
import { analysisIntervalMs, smoothedCost } from '../quality/analysis-rate.js';
import { evaluateFrame, type FrameEvaluation } from '../quality/checks.js';
import type { QualityConfig } from '../quality/config.js';
import { frameStats } from '../quality/frame-stats.js';
import { type GateState, type GateStep, initialGate, stepGate } from '../quality/gate.js';
import { estimateParallax } from '../quality/pose.js';
import type { FaceObservation, Point } from '../quality/types.js';
import { detectFaces } from './face-detector-controller.js';
import type { FaceDetector } from './vision-types.js';

/** Width of the analysis frame; the model's input is only 128×128. */
export const ANALYSIS_WIDTH = 320;

/** One analysed picture: the faces found, the largest, every check's outcome. */
export interface PictureAnalysis {
  readonly faces: readonly FaceObservation[];
  readonly largest: FaceObservation | undefined;
  readonly evaluation: FrameEvaluation;
}

/**
 * Detects faces in what `context`'s canvas holds (`width` × `height`), takes
 * the largest face's statistics and runs every quality check, with `recent`
 * face centres for the stability check. Shared by the live loop and a
 * still photo.
 */
export function analysePicture(
  context: CanvasRenderingContext2D,
  detector: FaceDetector,
  timestamp: number,
  recent: readonly Point[],
  config: QualityConfig,
): PictureAnalysis {
  const { width, height } = context.canvas;
  const faces = detectFaces(detector, context.canvas, width, height, timestamp);
  const largest = [...faces].sort((a, b) => b.box.width - a.box.width)[0];
  const stats = largest
    ? frameStats(context.getImageData(0, 0, width, height).data, width, height, largest.box)
    : null;
  const evaluation = evaluateFrame({ faces, stats, aspect: width / height }, recent, config);
  return { faces, largest, evaluation };
}

/** What the loop reports for every analysed frame. */
export interface AnalysedFrame {
  readonly evaluation: FrameEvaluation;
  readonly step: GateStep;
  /** Faces the detector found. */
  readonly faceCount: number;
  /** The nose-against-eyes parallax of the one face (see `estimateParallax`), or `null`. */
  readonly parallax: number | null;
  /** When the frame was analysed (`performance.now()`). */
  readonly at: number;
  /** Milliseconds spent on this frame (draw, detect, statistics, checks). */
  readonly costMs: number;
}

/**
 * Runs the per-frame loop on the live video: draws a frame into a small
 * analysis canvas, detects faces, computes the frame statistics and checks,
 * and advances the capture gate. On the main thread, at the rate the gate
 * needs (`maxAnalysesPerSecond`), slower on a device where analyses would
 * take more than `analysisBusyShare` of the time (see `pnpm bench:detect`).
 */
export class QualityGateController implements ReactiveController {
  #frameHandle: number | undefined;
  #usesVideoFrameCallback = false;
  #video: HTMLVideoElement | null = null;
  #canvas: HTMLCanvasElement | null = null;
  #gate: GateState = initialGate(0);
  #recent: Point[] = [];
  #timing: FrameTiming = NO_FRAME_TIMING;

  /** The preview's frame times since the camera started, for the capture signals. */
  get timing(): FrameTiming {
    return this.#timing;
  }

  /** Forgets the frame times (a new camera). */
  resetTiming(): void {
    this.#timing = NO_FRAME_TIMING;
  }

  constructor(host: ReactiveControllerHost) {
    host.addController(this);
  }

  /**
   * Starts analysing `video`; `onFrame` receives every analysed frame. The
   * gate analyses at the rate `analysisIntervalMs` sets (the camera's frames
   * in between are left to the preview); `everyFrame` (the head-turn
   * challenge, which follows a moving head) takes them all.
   */
  start(
    video: HTMLVideoElement,
    detector: FaceDetector,
    config: QualityConfig,
    onFrame: (frame: AnalysedFrame) => void,
    { everyFrame = false }: { readonly everyFrame?: boolean } = {},
  ): void {
    this.stop();
    this.#video = video;
    this.#gate = initialGate(performance.now());
    this.#recent = [];
    this.#canvas ??= document.createElement('canvas');
    const canvas = this.#canvas;
    const context = canvas.getContext('2d', { willReadFrequently: true, alpha: false });
    if (!context) return;
    let lastTimestamp = -1;
    let cost: number | null = null;
    let due = Number.NEGATIVE_INFINITY;
    const tick = () => {
      this.#schedule(tick);
      if (video.readyState < 2 || !video.videoWidth) return;
      const started = performance.now();
      // The camera's cadence, for the capture signals, whether or not this frame is analysed.
      this.#timing = addFrame(this.#timing, started);
      if (!everyFrame && started < due) return;
      // detectForVideo needs strictly increasing timestamps.
      const timestamp = Math.max(lastTimestamp + 1, Math.round(started));
      lastTimestamp = timestamp;
      const width = ANALYSIS_WIDTH;
      const height = Math.round((video.videoHeight / video.videoWidth) * width);
      if (canvas.width !== width || canvas.height !== height) {
        canvas.width = width;
        canvas.height = height;
      }
      context.drawImage(video, 0, 0, width, height);
      const { faces, largest, evaluation } = analysePicture(
        context,
        detector,
        timestamp,
        this.#recent,
        config,
      );
      if (evaluation.center)
        this.#recent = [...this.#recent.slice(-(config.stabilityFrames * 2)), evaluation.center];
      else this.#recent = [];
      const step = stepGate(this.#gate, evaluation.guidance, started, config);
      this.#gate = step.state;
      const costMs = performance.now() - started;
      cost = smoothedCost(cost, costMs);
      // Due times advance by the interval (2 of every 3 camera frames at 20 of 30 per second), without a backlog.
      const interval = analysisIntervalMs(cost, config);
      due = Math.max(due, started - interval) + interval;
      onFrame({
        evaluation,
        step,
        faceCount: faces.length,
        parallax: faces.length === 1 && largest ? estimateParallax(largest, width / height) : null,
        at: started,
        costMs,
      });
    };
    this.#schedule(tick);
  }

  #schedule(tick: () => void): void {
    const video = this.#video;
    if (!video) return;
    if ('requestVideoFrameCallback' in video) {
      this.#usesVideoFrameCallback = true;
      this.#frameHandle = video.requestVideoFrameCallback(tick);
    } else {
      this.#frameHandle = requestAnimationFrame(tick);
    }
  }

  /** Stops the loop. */
  stop(): void {
    if (this.#frameHandle !== undefined) {
      if (this.#usesVideoFrameCallback) this.#video?.cancelVideoFrameCallback(this.#frameHandle);
      else cancelAnimationFrame(this.#frameHandle);
    }
    this.#frameHandle = undefined;
    this.#video = null;
  }

  hostConnected(): void {}

  hostDisconnected(): void {
    this.stop();
  }
}
