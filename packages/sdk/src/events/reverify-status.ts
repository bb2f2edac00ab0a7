import type { StreamEvent } from '@reverify/contract';

/**
 * `reverify-status`: progress after the capture, for hosts that upload
 * (`endpoint` set): the upload (`uploading`, `processing`) and every
 * lifecycle event the handler streams.
 */
export type ReverifyStatusDetail =
  | { readonly kind: 'upload'; readonly progress: 'uploading' | 'processing' | 'done' }
  | { readonly kind: 'event'; readonly event: StreamEvent };

/** The `reverify-status` event. */
export type ReverifyStatusEvent = CustomEvent<ReverifyStatusDetail>;

declare global {
  interface GlobalEventHandlersEventMap {
    'reverify-status': ReverifyStatusEvent;
  }
}
