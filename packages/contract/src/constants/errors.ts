/**
 * Every error code the handler can answer with, mapped to its HTTP status.
 *
 * The list is closed: clients may switch on `code` exhaustively. A code is
 * never renamed or reused for another meaning; new codes may be added.
 */
export const ERROR_CODES = {
  /** The body, query or a header failed validation; `details.issues` lists what. */
  invalid_request: 400,
  /** The request needs `Authorization: Bearer …` and it is missing or unknown. */
  unauthorized: 401,
  /** The bearer token was valid once but has expired. */
  token_expired: 401,
  /** The credential is valid but not allowed to do this (wrong scope or key type). */
  forbidden: 403,
  /** The API key lacks every scope that opens this route; `details.required` lists them. */
  insufficient_scope: 403,
  /** The request's `Origin` is not in the handler's allowlist. */
  origin_not_allowed: 403,
  /** No route matches the path. */
  not_found: 404,
  /** The reverification id is unknown (or belongs to another key). */
  reverification_not_found: 404,
  /** No enrollment exists for this referenceId: the user was never verified. */
  enrollment_not_found: 404,
  /** No webhook endpoint has this id. */
  webhook_endpoint_not_found: 404,
  /** No dead-lettered webhook event has this id. */
  webhook_event_not_found: 404,
  /** No batch has this id. */
  batch_not_found: 404,
  /** No workflow with this id is defined in the handler's options. */
  workflow_not_found: 404,
  /** No batch report has this id. */
  report_not_found: 404,
  /** The route exists but not for this HTTP method. */
  method_not_allowed: 405,
  /** The enrollment exists but is not in the `success` state. */
  enrollment_not_ready: 409,
  /** The requested lifecycle move is not allowed from the current state. */
  illegal_transition: 409,
  /** The single-use upload capability was already spent. */
  upload_already_used: 409,
  /** Another reverification is active for this referenceId and `restart` was not asked. */
  reverification_active: 409,
  /**
   * A reverification is already active for this referenceId and the request
   * said `ifActive: "refuse"` (Trust Swiftly's conflict); `details.activeReverificationId`.
   */
  already_assigned: 409,
  /** The same idempotency key was used with a different request. */
  idempotency_conflict: 409,
  /** The challenge nonce is unknown, already used or belongs to another reverification. */
  challenge_invalid: 409,
  /**
   * The reverification's `methods` do not accept this method, or not yet:
   * `details.methods` is the policy, `details.missing` what must come first.
   */
  method_not_offered: 409,
  /** The person has no passkey, authenticator app or contact of this kind enrolled. */
  factor_not_enrolled: 409,
  /** This handler is not set up for the method (no `factors.secretKey`, no notifier). */
  factor_unavailable: 409,
  /** Binding a passkey or an authenticator needs a fresh approved selfie of the same person. */
  factor_enrolment_not_allowed: 403,
  /**
   * The passkey answer failed: wrong origin or RP ID, a bad signature, no
   * user verification, or a credential that is not this person's.
   */
  passkey_invalid: 422,
  /** The passkey's signature counter went backwards: a cloned authenticator. The passkey is kept but refused. */
  passkey_counter_regressed: 422,
  /** The one-time code is wrong, expired or was used already. */
  code_invalid: 422,
  /** The reverification timed out before this request. */
  reverification_expired: 410,
  /** The one-time handoff link was already opened (or replaced); ask for a new one. */
  handoff_link_used: 410,
  /** The image is gone: retention or a deletion request removed it. */
  image_purged: 410,
  /** The challenge's lifetime passed before the capture arrived; open the session again for a new one. */
  challenge_expired: 410,
  /** The request body is larger than the configured limit (10 MB for images). */
  payload_too_large: 413,
  /** The upload is not JPEG, PNG or WebP (checked from its bytes, not its name). */
  unsupported_media_type: 415,
  /** The image declares more pixels than the configured cap. */
  image_too_large: 422,
  /** The image is smaller than the handler's minimum (`details.minEdge` pixels on its shorter side). */
  image_too_small: 422,
  /** The image bytes could not be decoded. */
  corrupt_image: 422,
  /** The challenge's keyframes are missing, extra, out of order or their timings are impossible. */
  keyframes_invalid: 422,
  /** The challenge video is not a webm/mp4 video, or is longer than allowed. */
  clip_invalid: 422,
  /** The provider does not know this referenceId. */
  invalid_reference_id: 422,
  /** The provider's original verification of this person has expired. */
  reference_expired: 422,
  /** Too many requests for this key or address; see `Retry-After`. */
  rate_limited: 429,
  /** The handler's work queue is full; see `Retry-After`. */
  server_busy: 429,
  /**
   * Too many reverifications for this referenceId in the attempts window, or
   * too many wrong codes (a lock-out); see `Retry-After`.
   */
  too_many_attempts: 429,
  /** An unexpected failure; the `requestId` identifies it in the handler's logs. */
  internal_error: 500,
  /** The face-match provider failed or answered something unusable. */
  provider_error: 502,
  /** The face-match provider could not be reached. */
  provider_unavailable: 503,
  /**
   * `GET /v1/health/ready`: this instance is shutting down or cannot reach
   * its store; a load balancer sends the traffic to another one.
   */
  not_ready: 503,
  /** The face-match provider did not answer in time. */
  provider_timeout: 504,
  /** The notifier (SMS, email) could not send the handoff message. */
  message_not_sent: 502,
} as const;

/** A stable, snake_case error code; see {@link ERROR_CODES}. */
export type ErrorCode = keyof typeof ERROR_CODES;

/** The HTTP status that belongs to an error code. */
export function httpStatusOf(code: ErrorCode): number {
  return ERROR_CODES[code];
}

/**
 * Error codes raised in the browser, before or instead of an HTTP answer.
 * The SDK reports these and the server's {@link ErrorCode}s through one
 * `code` field, so the two lists never share a name.
 */
export const CLIENT_ERROR_CODES = [
  /** The user or the browser policy refused camera access. */
  'camera_denied',
  /** No camera exists, or the chosen `deviceId` is gone. */
  'camera_not_found',
  /** The camera is in use by another application (NotReadableError). */
  'camera_busy',
  /** The page is not https or localhost, so the camera API is unavailable. */
  'insecure_context',
  /** The browser lacks getUserMedia or WebAssembly. */
  'unsupported_browser',
  /** The face-detection wasm or model could not be loaded. */
  'model_load_failed',
  /** No usable face was seen before the capture timeout. */
  'capture_timeout',
  /** The handler could not be reached (the browser is online; the handler or the network path is down). */
  'network_error',
  /** The browser reports that it is offline. */
  'offline',
  /** The flow was cancelled by `cleanup()` or the user. */
  'cancelled',
  /** The browser has no WebAuthn, or the person dismissed or timed out the passkey prompt. */
  'passkey_cancelled',
] as const;

/** An error code raised in the browser; see {@link CLIENT_ERROR_CODES}. */
export type ClientErrorCode = (typeof CLIENT_ERROR_CODES)[number];
