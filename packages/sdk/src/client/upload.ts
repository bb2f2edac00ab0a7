import type {
  CaptureChecks,
  KeyframeName,
  PresenceUpload,
  UploadResponse,
} from '@reverify/contract';
import { apiUrl, fetchJson, HttpFailure } from './http.js';
import { DEFAULT_RETRY, isRetryable, type RetryPolicy, retryDelayMs } from './retry.js';
import type { BrowserSession } from './session.js';

/** What one capture upload carries. */
export interface CapturePayload {
  /** The frontal selfie. */
  readonly blob: Blob;
  readonly checks: CaptureChecks;
  /** The challenge's answer, when one ran. */
  readonly presence?: PresenceUpload | undefined;
  /** The keyframes besides the frontal one. */
  readonly keyframes?: readonly { readonly name: KeyframeName; readonly blob: Blob }[];
  /** The challenge video, when the provider wants one. */
  readonly clip?: Blob | undefined;
}

/** The multipart body of a capture upload. */
export function captureForm(photo: CapturePayload): FormData {
  const form = new FormData();
  form.set('image', photo.blob, 'selfie.jpg');
  form.set('checks', JSON.stringify(photo.checks));
  if (photo.presence) form.set('presence', JSON.stringify(photo.presence));
  for (const keyframe of photo.keyframes ?? []) {
    form.set(`keyframe_${keyframe.name}`, keyframe.blob, `${keyframe.name}.jpg`);
  }
  if (photo.clip)
    form.set('clip', photo.clip, photo.clip.type.includes('mp4') ? 'clip.mp4' : 'clip.webm');
  return form;
}

/**
 * Uploads the capture, retrying network failures, 5xx, 408 and 429 with
 * backoff (and `Retry-After`). Every attempt carries the same
 * `Idempotency-Key`, so a retry of an upload that did arrive gets the first
 * answer instead of a second capture.
 */
export async function uploadCapture(
  endpoint: string,
  session: BrowserSession,
  photo: CapturePayload,
  options: { signal: AbortSignal; onAttempt?: (attempt: number) => void; policy?: RetryPolicy },
): Promise<UploadResponse> {
  const policy = options.policy ?? DEFAULT_RETRY;
  const idempotencyKey = crypto.randomUUID();
  for (let attempt = 1; ; attempt++) {
    options.onAttempt?.(attempt);
    const form = captureForm(photo);
    try {
      return await fetchJson<UploadResponse>(
        apiUrl(endpoint, `/v1/reverifications/${session.reverificationId}/capture`),
        {
          method: 'POST',
          signal: options.signal,
          headers: {
            Authorization: `Bearer ${session.clientToken}`,
            'Idempotency-Key': idempotencyKey,
          },
          body: form,
        },
      );
    } catch (error) {
      if (!(error instanceof HttpFailure) || !isRetryable(error) || attempt >= policy.attempts)
        throw error;
      const delay = retryDelayMs(attempt, error.retryAfterSeconds, policy, Math.random());
      await new Promise<void>((resolve, reject) => {
        const timer = setTimeout(resolve, delay);
        options.signal.addEventListener(
          'abort',
          () => {
            clearTimeout(timer);
            reject(options.signal.reason);
          },
          { once: true },
        );
      });
    }
  }
}
