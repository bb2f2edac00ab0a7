/**
 * The in-browser half of `pnpm bench:detect`, bundled by detect-bench.ts.
 * Every function measures one thing on the live fake-camera video and
 * returns raw per-frame samples (milliseconds).
 */
import { FaceDetector, FilesetResolver } from '@mediapipe/tasks-vision';
import { createFaceDetector, detectFaces } from '../src/controllers/face-detector-controller.js';
import { evaluateFrame } from '../src/quality/checks.js';
import { DEFAULT_QUALITY_CONFIG } from '../src/quality/config.js';
import { frameStats } from '../src/quality/frame-stats.js';
import { initialGate, stepGate } from '../src/quality/gate.js';
import type { Point } from '../src/quality/types.js';

declare global {
  interface Window {
    reverifyBench: Record<string, (...args: never[]) => Promise<unknown>>;
    FaceDetection: new (options: {
      locateFile: (file: string) => string;
    }) => {
      setOptions(options: Record<string, unknown>): void;
      onResults(callback: (results: { detections: unknown[] }) => void): void;
      initialize(): Promise<void>;
      send(input: { image: HTMLCanvasElement }): Promise<void>;
    };
  }
}

async function camera(): Promise<HTMLVideoElement> {
  const video = document.createElement('video');
  video.muted = true;
  video.playsInline = true;
  video.srcObject = await navigator.mediaDevices.getUserMedia({
    video: { width: 640, height: 480 },
  });
  await video.play();
  document.body.append(video);
  return video;
}

function nextFrame(video: HTMLVideoElement): Promise<void> {
  return new Promise((resolve) => video.requestVideoFrameCallback(() => resolve()));
}

function canvasOf(width: number, height: number) {
  const canvas = document.createElement('canvas');
  canvas.width = width;
  canvas.height = height;
  const context = canvas.getContext('2d', {
    willReadFrequently: true,
    alpha: false,
  }) as CanvasRenderingContext2D;
  return { canvas, context };
}

/**
 * Per 640×480 camera frame, over `frames` frames: detection fed the full
 * 640×480 canvas; detection as the element does it (downscale to 320×240,
 * then detect: the model's input is 128×128 anyway); the element's whole
 * pipeline (that, plus statistics, checks and gate); and the gate's share.
 */
async function detection(assets: string, frames: number) {
  const detector = await createFaceDetector(new URL(assets, location.href));
  const video = await camera();
  const full = canvasOf(640, 480);
  const small = canvasOf(320, 240);
  const detect640: number[] = [];
  const frameDetect: number[] = [];
  const pipeline: number[] = [];
  const gateOnly: number[] = [];
  let found = 0;
  let gate = initialGate(performance.now());
  let recent: Point[] = [];
  let timestamp = 0;
  for (let i = 0; i < frames; i++) {
    await nextFrame(video);
    full.context.drawImage(video, 0, 0, 640, 480);
    let started = performance.now();
    const faces640 = detectFaces(detector, full.canvas, 640, 480, ++timestamp);
    detect640.push(performance.now() - started);
    if (faces640.length === 1) found += 1;

    started = performance.now();
    small.context.drawImage(video, 0, 0, 320, 240);
    const faces = detectFaces(detector, small.canvas, 320, 240, ++timestamp);
    const gateStarted = performance.now();
    frameDetect.push(gateStarted - started);
    const largest = faces[0];
    const stats = largest
      ? frameStats(small.context.getImageData(0, 0, 320, 240).data, 320, 240, largest.box)
      : null;
    const evaluation = evaluateFrame(
      { faces, stats, aspect: 4 / 3 },
      recent,
      DEFAULT_QUALITY_CONFIG,
    );
    recent = evaluation.center ? [...recent.slice(-12), evaluation.center] : [];
    gate = stepGate(gate, evaluation.guidance, gateStarted, DEFAULT_QUALITY_CONFIG).state;
    const ended = performance.now();
    pipeline.push(ended - started);
    gateOnly.push(ended - gateStarted);
  }
  detector.close();
  for (const track of (video.srcObject as MediaStream).getTracks()) track.stop();
  return { detect640, frameDetect, pipeline, gateOnly, found };
}

/**
 * The baseline: Google's own sample setup for the same tasks-vision
 * FaceDetector (FilesetResolver.forVisionTasks on the npm package's wasm
 * folder, the same short-range model, VIDEO mode, `detectForVideo` straight
 * from the 640×480 video), beside the element's way (downscale to 320×240,
 * then detect), frame by frame on the same frames, alternating which goes
 * first. The sample asks for the GPU delegate; with no GPU here both run on
 * the CPU.
 */
async function interleaved(assets: string, sampleWasm: string, model: string, frames: number) {
  const ours = await createFaceDetector(new URL(assets, location.href));
  const fileset = await FilesetResolver.forVisionTasks(new URL(sampleWasm, location.href).href);
  const sample = await FaceDetector.createFromOptions(fileset, {
    baseOptions: { modelAssetPath: new URL(model, location.href).href, delegate: 'CPU' },
    runningMode: 'VIDEO',
  });
  const video = await camera();
  const small = canvasOf(320, 240);
  const oursMs: number[] = [];
  const sampleMs: number[] = [];
  let oursFound = 0;
  let sampleFound = 0;
  let timestamp = 0;
  const runOurs = () => {
    const started = performance.now();
    small.context.drawImage(video, 0, 0, 320, 240);
    if (detectFaces(ours, small.canvas, 320, 240, timestamp).length === 1) oursFound += 1;
    oursMs.push(performance.now() - started);
  };
  const runSample = () => {
    const started = performance.now();
    if (sample.detectForVideo(video, timestamp).detections.length === 1) sampleFound += 1;
    sampleMs.push(performance.now() - started);
  };
  for (let i = 0; i < frames + 10; i++) {
    await nextFrame(video);
    timestamp += 1;
    if (i % 2) {
      runOurs();
      runSample();
    } else {
      runSample();
      runOurs();
    }
  }
  ours.close();
  sample.close();
  for (const track of (video.srcObject as MediaStream).getTracks()) track.stop();
  // The first frames warm both up alike.
  return {
    ours: oursMs.slice(10),
    sample: sampleMs.slice(10),
    oursFound,
    sampleFound,
  };
}

/** An extra line: MediaPipe's deprecated legacy face_detection solution (its own wasm and model from npm) at 640×480. */
async function baseline(base: string, frames: number) {
  await new Promise<void>((resolve, reject) => {
    const script = document.createElement('script');
    script.src = `${base}face_detection.js`;
    script.onload = () => resolve();
    script.onerror = reject;
    document.head.append(script);
  });
  const solution = new window.FaceDetection({ locateFile: (file) => `${base}${file}` });
  // The GPU inference path aborts under software GL (no GPU here); CPU inference is what the tasks API uses too.
  solution.setOptions({ model: 'short', selfieMode: false, useCpuInference: true });
  let found = 0;
  solution.onResults((results) => {
    if (results.detections.length === 1) found += 1;
  });
  await solution.initialize();
  const video = await camera();
  const full = canvasOf(640, 480);
  const samples: number[] = [];
  for (let i = 0; i < frames; i++) {
    await nextFrame(video);
    full.context.drawImage(video, 0, 0, 640, 480);
    const started = performance.now();
    await solution.send({ image: full.canvas });
    samples.push(performance.now() - started);
  }
  for (const track of (video.srcObject as MediaStream).getTracks()) track.stop();
  return { samples, found };
}

/** Intervals between animation frames (the preview's smoothness) while `work` runs. */
async function frameIntervals(seconds: number, work: (stop: () => boolean) => Promise<number>) {
  const intervals: number[] = [];
  let last = performance.now();
  let running = true;
  const tick = (now: number) => {
    intervals.push(now - last);
    last = now;
    if (running) requestAnimationFrame(tick);
  };
  requestAnimationFrame(tick);
  const deadline = performance.now() + seconds * 1000;
  const analysed = await work(() => performance.now() > deadline);
  running = false;
  return { intervals: intervals.slice(5), analysedPerSecond: analysed / seconds };
}

/** Detection on the main thread: preview smoothness and frames analysed per second. */
async function mainThread(assets: string, seconds: number) {
  const detector = await createFaceDetector(new URL(assets, location.href));
  const video = await camera();
  const small = canvasOf(320, 240);
  let timestamp = 0;
  const result = await frameIntervals(seconds, async (stop) => {
    let analysed = 0;
    while (!stop()) {
      await nextFrame(video);
      small.context.drawImage(video, 0, 0, 320, 240);
      const faces = detectFaces(detector, small.canvas, 320, 240, ++timestamp);
      if (faces[0])
        frameStats(small.context.getImageData(0, 0, 320, 240).data, 320, 240, faces[0].box);
      analysed += 1;
    }
    return analysed;
  });
  detector.close();
  for (const track of (video.srcObject as MediaStream).getTracks()) track.stop();
  return result;
}

/** Detection in a worker fed transferred ImageBitmaps: preview smoothness and frames analysed per second. */
async function worker(workerUrl: string, assets: string, seconds: number) {
  const detectorWorker = new Worker(workerUrl);
  await new Promise<void>((resolve, reject) => {
    detectorWorker.onmessage = (event) =>
      event.data === 'ready' ? resolve() : reject(new Error(String(event.data)));
    detectorWorker.postMessage({ assets: new URL(assets, location.href).href });
  });
  const video = await camera();
  const result = await frameIntervals(seconds, async (stop) => {
    let analysed = 0;
    while (!stop()) {
      await nextFrame(video);
      const bitmap = await createImageBitmap(video, { resizeWidth: 320, resizeHeight: 240 });
      await new Promise<void>((resolve) => {
        detectorWorker.onmessage = () => resolve();
        detectorWorker.postMessage({ bitmap }, [bitmap]);
      });
      analysed += 1;
    }
    return analysed;
  });
  detectorWorker.terminate();
  for (const track of (video.srcObject as MediaStream).getTracks()) track.stop();
  return result;
}

window.reverifyBench = {
  detection: detection as never,
  interleaved: interleaved as never,
  baseline: baseline as never,
  mainThread: mainThread as never,
  worker: worker as never,
};
