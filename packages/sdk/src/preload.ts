import { resolveAssetsBase } from './assets.js';
import { preloadFaceDetector } from './controllers/face-detector-controller.js';

/** Options of {@link preload}. */
export interface PreloadOptions {
  /** Where the wasm, model and MediaPipe JS are served; the same as the element's `assetsUrl`. */
  readonly assetsUrl?: string;
}

/**
 * Loads, compiles and sets up the on-device face detector now, so the next
 * `<reverify-capture>` (or `startReverification`) shows guidance as soon as
 * its camera runs: call it on an earlier step of your page, or at idle
 * time (`requestIdleCallback(() => preload())`). Creating the detector is
 * CPU work (wasm compilation, graph set-up), which a fast network does not
 * shorten. Calling it again before an element took the detector does
 * nothing more; the element closes it when it leaves the page. Never asks
 * for the camera.
 *
 * @throws {@link ReverifyError} `model_load_failed` (the element would try again itself).
 */
export async function preload(options: PreloadOptions = {}): Promise<void> {
  await preloadFaceDetector(resolveAssetsBase(options.assetsUrl));
}
