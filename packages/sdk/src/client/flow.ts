import type { StreamEvent } from '@reverify/contract';
import { ReverifyError, toReverifyError } from '../errors.js';
import type { ReverifyCompleteDetail } from '../events/reverify-complete.js';
import { followEvents } from './event-stream.js';
import { type BrowserSession, openSession, type SessionSource } from './session.js';
import { type CapturePayload, uploadCapture } from './upload.js';

/** What a flow reports to its host. */
export interface FlowCallbacks {
  /** After the capture: uploading, then processing (the provider works), then done. */
  onProgress(progress: 'uploading' | 'processing' | 'done'): void;
  /** Every lifecycle event of the reverification, once, in order. */
  onStatus(event: StreamEvent): void;
  /** The decision: approved, rejected or manual_review. */
  onComplete(result: ReverifyCompleteDetail): void;
  /** Anything that ends the flow without a decision. */
  onError(error: ReverifyError): void;
}

/**
 * One reverification as the browser sees it: open the session, follow its
 * events, upload the capture, report the decision. Every callback is
 * silenced once {@link ReverificationFlow.cancel} is called.
 */
export class ReverificationFlow {
  readonly #source: SessionSource;
  readonly #callbacks: FlowCallbacks;
  readonly #abort = new AbortController();
  #session: Promise<BrowserSession> | null = null;
  #ended = false;

  constructor(source: SessionSource, callbacks: FlowCallbacks) {
    this.#source = source;
    this.#callbacks = callbacks;
  }

  /** Whether the flow reached a decision, failed or was cancelled. */
  get ended(): boolean {
    return this.#ended;
  }

  /** Opens the session and starts following its events (before the capture, so the camera step shows as capturing). */
  start(): void {
    if (this.#session) return;
    this.#session = openSession(this.#source, this.#abort.signal);
    this.#session.then(
      (session) => {
        if (this.#ended) return;
        followEvents(this.#source.endpoint, session, {
          signal: this.#abort.signal,
          onEvent: (event) => this.#onEvent(session, event),
          onFailure: (error) => this.#fail(error),
        });
      },
      (error: unknown) => this.#fail(error),
    );
  }

  /** The browser's credentials for this flow (opening the session if needed). */
  session(): Promise<BrowserSession> {
    this.start();
    return this.#session as Promise<BrowserSession>;
  }

  /** Uploads the capture (with retries and one idempotency key). */
  async submit(photo: CapturePayload): Promise<void> {
    this.start();
    try {
      const session = await (this.#session as Promise<BrowserSession>);
      if (this.#ended) return;
      this.#report(() => this.#callbacks.onProgress('uploading'));
      await uploadCapture(this.#source.endpoint, session, photo, { signal: this.#abort.signal });
      this.#report(() => this.#callbacks.onProgress('processing'));
    } catch (error) {
      this.#fail(error);
    }
  }

  /** Stops everything; no callback fires afterwards. Safe to call twice. */
  cancel(): void {
    this.#ended = true;
    this.#abort.abort(new ReverifyError('cancelled', 'The reverification was cancelled.'));
  }

  #report(call: () => void): void {
    if (!this.#ended) call();
  }

  #onEvent(session: BrowserSession, event: StreamEvent): void {
    this.#report(() => this.#callbacks.onStatus(event));
    if (event.status === 'completed' && event.decision) {
      this.#report(() => this.#callbacks.onProgress('done'));
      this.#report(() =>
        this.#callbacks.onComplete({
          reverificationId: session.reverificationId,
          referenceId: session.referenceId,
          decision: event.decision as NonNullable<StreamEvent['decision']>,
          reasons: event.reasons,
          completedAt: event.occurredAt,
          ...(event.steps ? { steps: event.steps } : {}),
          ...(event.verifiedBy ? { verifiedBy: event.verifiedBy } : {}),
        }),
      );
      this.#ended = true;
    } else if (event.status === 'failed') {
      this.#fail(
        new ReverifyError(
          'provider_error',
          `The face-match provider failed (${event.reasons.join(', ')}).`,
        ),
      );
    } else if (event.status === 'expired') {
      this.#fail(
        new ReverifyError(
          'reverification_expired',
          'The reverification expired before a decision.',
        ),
      );
    }
  }

  #fail(error: unknown): void {
    if (this.#ended) return;
    this.#ended = true;
    this.#abort.abort();
    this.#callbacks.onError(toReverifyError(error));
  }
}
