// Type test (checked by `tsc`, not run): MediaPipe's own types fit the SDK's
// narrow ones, so a tasks-vision upgrade that changes the API fails the build.
import type * as TasksVision from '@mediapipe/tasks-vision';
import type { FaceDetector, VisionDetection, VisionModule } from './vision-types.js';

export type DetectorFits = TasksVision.FaceDetector extends FaceDetector ? true : never;
export type DetectionFits = TasksVision.Detection extends VisionDetection ? true : never;
export type ModuleFits = typeof TasksVision extends VisionModule ? true : never;
export const checks: [DetectorFits, DetectionFits, ModuleFits] = [true, true, true];
