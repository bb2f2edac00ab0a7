import type { CaptureChecks } from '@reverify/contract';

/** `reverify-capture`: a selfie was taken. */
export interface ReverifyCaptureDetail {
  /** The JPEG, from the full-resolution camera frame (not mirrored). */
  readonly blob: Blob;
  readonly width: number;
  readonly height: number;
  /** The quality measurements of the captured moment; they travel with the upload. */
  readonly checks: CaptureChecks;
  /** `auto` when the quality gate fired, `manual` when the user pressed the button, `file` for a camera-app photo. */
  readonly trigger: 'auto' | 'manual' | 'file';
}

/** The `reverify-capture` event. */
export type ReverifyCaptureEvent = CustomEvent<ReverifyCaptureDetail>;

declare global {
  interface GlobalEventHandlersEventMap {
    'reverify-capture': ReverifyCaptureEvent;
  }
}
