import type { ClientErrorCode, ErrorCode } from '@reverify/contract';

/** Every code a Reverify error can carry: browser-side and the handler's. */
export type ReverifyErrorCode = ClientErrorCode | ErrorCode;

/**
 * The one error class of the SDK. `code` is stable; `message` is for
 * developers (the component shows translated text for users).
 */
export class ReverifyError extends Error {
  constructor(
    /** Stable snake_case code. */
    readonly code: ReverifyErrorCode,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'ReverifyError';
  }
}

/**
 * `cause` as a {@link ReverifyError}: itself when it is one, else a new one
 * with `code` (default `network_error`), its text as the message and
 * `cause` kept.
 */
export function toReverifyError(
  cause: unknown,
  code: ReverifyErrorCode = 'network_error',
): ReverifyError {
  return cause instanceof ReverifyError ? cause : new ReverifyError(code, String(cause), { cause });
}

/**
 * Codes a retry on the same page cannot fix: the person is not enrolled, the
 * page or browser is not set up for the check, the link is spent, the
 * attempts limit was reached, or no method the check accepts is set up. Their screens say what to do instead of
 * offering "Try again".
 */
const RETRY_CANNOT_FIX: ReadonlySet<ReverifyErrorCode> = new Set<ReverifyErrorCode>([
  'enrollment_not_found',
  'enrollment_not_ready',
  'invalid_reference_id',
  'reference_expired',
  'origin_not_allowed',
  'forbidden',
  'insecure_context',
  'unsupported_browser',
  'handoff_link_used',
  'too_many_attempts',
  'factor_not_enrolled',
  'cancelled',
]);

/** Whether trying again on the same page could fix a failure with this code (pure). */
export function retryCanFix(code: ReverifyErrorCode): boolean {
  return !RETRY_CANNOT_FIX.has(code);
}

/** Facts about the page that decide what a camera failure means. */
export interface CameraContext {
  /** `window.isSecureContext`. */
  readonly secure: boolean;
  /** Whether `navigator.mediaDevices.getUserMedia` exists. */
  readonly hasGetUserMedia: boolean;
}

/**
 * Maps a `getUserMedia` failure to a stable code (pure, so every browser's
 * DOMException names are tested without a camera).
 */
export function cameraErrorCode(error: unknown, context: CameraContext): ClientErrorCode {
  if (!context.secure) return 'insecure_context';
  if (!context.hasGetUserMedia) return 'unsupported_browser';
  const name = (error as { name?: unknown } | null)?.name;
  switch (name) {
    case 'NotAllowedError':
    case 'PermissionDeniedError':
    case 'SecurityError':
      return 'camera_denied';
    case 'NotFoundError':
    case 'DevicesNotFoundError':
    case 'OverconstrainedError':
      return 'camera_not_found';
    case 'NotReadableError':
    case 'TrackStartError':
    case 'AbortError':
      return 'camera_busy';
    default:
      return 'camera_busy';
  }
}
