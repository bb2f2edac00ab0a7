import type { z } from 'zod';
import { ReverifyError } from './errors.js';
import type { StoredClip } from './presence.js';
import type { StoredImage } from './provider.js';

/** How a provider client calls its API. */
export interface ProviderHttpOptions {
  /** Milliseconds per attempt. Default 10000. */
  readonly timeoutMs?: number;
  /** Attempts for calls safe to repeat, on network errors, timeouts, 429 and 5xx. Default 3. */
  readonly attempts?: number;
  /** Longest wait between attempts, whatever `Retry-After` says. Default 30000 ms. */
  readonly maxBackoffMs?: number;
}

/**
 * A provider API call that failed: the code says how (`provider_timeout`,
 * `provider_unavailable` for network errors, `provider_error` for an HTTP
 * error or an unusable body). The message names the method, path and
 * status, never the body, which may hold personal data.
 */
export class ProviderHttpError extends ReverifyError {
  constructor(
    /** The provider's HTTP status; `null` when no answer came. */
    readonly httpStatus: number | null,
    message: string,
    options?: { cause?: unknown; retryAfterSeconds?: number },
  ) {
    super(
      httpStatus !== null
        ? 'provider_error'
        : options?.cause instanceof Error && options.cause.name === 'TimeoutError'
          ? 'provider_timeout'
          : 'provider_unavailable',
      message,
      options,
    );
    this.name = 'ProviderHttpError';
  }
}

const sleep = (ms: number, signal: AbortSignal | undefined) =>
  new Promise<void>((resolve, reject) => {
    const timer = setTimeout(resolve, ms);
    signal?.addEventListener(
      'abort',
      () => {
        clearTimeout(timer);
        reject(signal.reason);
      },
      { once: true },
    );
  });

/** A provider call: `fetch`'s init plus whether a failed attempt may be repeated. */
export interface ProviderRequest extends RequestInit {
  /**
   * Repeat on network errors, timeouts, 429 and 5xx. Default: `true` for
   * GET and PUT, `false` otherwise (a POST repeats only when the caller
   * knows a duplicate is harmless).
   */
  readonly retrySafe?: boolean;
  /** How errors name this call; default `METHOD path` (set it when the path holds a secret). */
  readonly label?: string;
}

/**
 * `fetch` for provider APIs: a timeout on every attempt, retries with
 * exponential backoff (or the provider's `Retry-After`) for calls safe to
 * repeat, and errors that never carry the body. Answers other than 429 and
 * 5xx are returned as they are: the caller decides what a 403 or 404 means.
 */
export async function providerFetch(
  url: string,
  init: ProviderRequest,
  options: ProviderHttpOptions = {},
  signal?: AbortSignal,
): Promise<Response> {
  const method = init.method ?? 'GET';
  const what = init.label ?? `${method} ${new URL(url).pathname}`;
  const retrySafe = init.retrySafe ?? (method === 'GET' || method === 'PUT');
  const attempts = retrySafe ? (options.attempts ?? 3) : 1;
  for (let attempt = 1; ; attempt++) {
    const timeout = AbortSignal.timeout(options.timeoutMs ?? 10_000);
    let response: Response | undefined;
    let failure: unknown;
    try {
      const { retrySafe: _retrySafe, label: _label, ...request } = init;
      response = await fetch(url, {
        ...request,
        signal: signal ? AbortSignal.any([signal, timeout]) : timeout,
      });
    } catch (error) {
      if (signal?.aborted) throw signal.reason;
      failure = error;
    }
    if (response && response.status !== 429 && response.status < 500) return response;
    const retryAfter = Number(response?.headers.get('Retry-After'));
    const retryAfterSeconds = Number.isFinite(retryAfter) && retryAfter > 0 ? retryAfter : null;
    await response?.body?.cancel().catch(() => undefined);
    if (attempt >= attempts) {
      throw new ProviderHttpError(
        response?.status ?? null,
        `${what} failed${response ? ` with HTTP ${response.status}` : ''}`,
        {
          cause: failure,
          ...(retryAfterSeconds ? { retryAfterSeconds } : {}),
        },
      );
    }
    const backoff = retryAfterSeconds ? retryAfterSeconds * 1000 : 250 * 2 ** (attempt - 1);
    await sleep(Math.min(backoff, options.maxBackoffMs ?? 30_000), signal);
  }
}

/**
 * Reads a provider's JSON answer and checks its shape: an error status, a
 * malformed body or an unexpected shape is a `provider_error`, not a crash.
 */
export async function providerBody<T>(
  response: Response,
  schema: z.ZodType<T>,
  what: string,
): Promise<T> {
  if (!response.ok) {
    await response.body?.cancel().catch(() => undefined);
    throw new ProviderHttpError(response.status, `${what} answered HTTP ${response.status}`);
  }
  const text = await response.text();
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (cause) {
    throw new ProviderHttpError(response.status, `${what} answered malformed JSON`, { cause });
  }
  const parsed = schema.safeParse(json);
  if (!parsed.success) {
    throw new ProviderHttpError(response.status, `${what} answered an unexpected shape`, {
      cause: parsed.error,
    });
  }
  return parsed.data;
}

/** A request body with its `Content-Type`, spread into a {@link ProviderRequest}. */
export interface MediaBody {
  readonly body: Uint8Array<ArrayBuffer>;
  readonly headers: { 'Content-Type': string };
}

/** The body and `Content-Type` that send a sanitized image to a provider. */
export function imageBody(image: StoredImage): MediaBody {
  // Sanitized images are Buffers from sharp, backed by a plain ArrayBuffer.
  return {
    body: image.bytes as Uint8Array<ArrayBuffer>,
    headers: { 'Content-Type': `image/${image.format}` },
  };
}

/** The body and `Content-Type` that send a validated challenge video to a provider. */
export function clipBody(clip: StoredClip): MediaBody {
  return {
    body: clip.bytes as Uint8Array<ArrayBuffer>,
    headers: { 'Content-Type': clip.mimeType },
  };
}
