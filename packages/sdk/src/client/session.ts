import type {
  ClientSession,
  HandoffSession,
  MethodsSession,
  PresenceSession,
  ReverificationSession,
  SandboxOutcome,
} from '@reverify/contract';
import { ReverifyError } from '../errors.js';
import { apiUrl, fetchJson, postJson } from './http.js';

/** How the browser gets its credentials for one reverification. */
export interface SessionSource {
  /** The handler's base URL. */
  readonly endpoint: string;
  /** The person; may be empty with `handoffToken` (the link names the person). */
  readonly referenceId: string;
  /** The one-time token of a handoff link (the phone's side of a cross-device flow). */
  readonly handoffToken?: string | undefined;
  /** A client token minted by your server (`POST /v1/reverifications` → `clientToken`). */
  readonly clientToken?: string | undefined;
  /** Called for a client token when none was given (or it expired). */
  readonly getClientToken?: (() => Promise<string>) | undefined;
  /** Sandbox only: a publishable key lets the browser start the reverification itself. */
  readonly publishableKey?: string | undefined;
  /** Sandbox only: force an outcome (with a publishable key). */
  readonly sandboxOutcome?: SandboxOutcome | undefined;
}

/** The browser's credentials for one reverification, and its presence check. */
export interface BrowserSession {
  readonly reverificationId: string;
  readonly referenceId: string;
  readonly clientToken: string;
  readonly streamToken: string;
  /** The policy and, when it is `active`, the challenge to run. */
  readonly presence: PresenceSession;
  /** The methods policy, what is done, and what the person can use next. */
  readonly methods: MethodsSession;
  /** `performance.now()` when the session arrived: keyframe times count from here. */
  readonly receivedAt: number;
}

/** The browser session from a handler answer that carries the presence part. */
function browserSession(session: ClientSession, clientToken: string): BrowserSession {
  return {
    reverificationId: session.reverificationId,
    referenceId: session.referenceId,
    clientToken,
    streamToken: session.streamToken,
    presence: session.presence,
    methods: session.methods,
    receivedAt: performance.now(),
  };
}

/** Whether a source can produce a new session after one ended (for a retry). */
export function canRenewSession(source: SessionSource): boolean {
  return Boolean(source.getClientToken || source.publishableKey);
}

const REFERENCE_ID = /^[\x21-\x7e]{1,128}$/;

/**
 * Trades a handoff link's one-time token for this browser's credentials
 * (`POST /v1/client/handoff/open`); opening the link twice answers
 * `handoff_link_used`.
 */
async function openHandoffSession(
  source: SessionSource,
  handoffToken: string,
  signal: AbortSignal,
): Promise<BrowserSession> {
  const session = await fetchJson<HandoffSession>(
    apiUrl(source.endpoint, '/v1/client/handoff/open'),
    {
      method: 'POST',
      signal,
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ handoffToken }),
    },
  );
  if (source.referenceId && session.referenceId !== source.referenceId) {
    throw new ReverifyError('forbidden', 'The handoff link belongs to another referenceId.');
  }
  return browserSession(session, session.clientToken);
}

/** `POST /v1/client/session`: what a client token unlocks, with a fresh challenge. */
function clientSession(endpoint: string, clientToken: string, signal: AbortSignal) {
  return postJson<ClientSession>(endpoint, '/v1/client/session', clientToken, undefined, signal);
}

/**
 * Obtains the browser's credentials: from a handoff link's token; from a
 * publishable key (sandbox) by creating the reverification; else by
 * exchanging a client token (given, or from `getClientToken`) at
 * `POST /v1/client/session`.
 *
 * @throws {@link ReverifyError} `invalid_request` for a malformed referenceId
 *   or no credential, the handler's codes otherwise.
 */
export async function openSession(
  source: SessionSource,
  signal: AbortSignal,
): Promise<BrowserSession> {
  if (source.handoffToken) return openHandoffSession(source, source.handoffToken, signal);
  if (!REFERENCE_ID.test(source.referenceId ?? '')) {
    throw new ReverifyError(
      'invalid_request',
      'referenceId must be 1–128 printable ASCII characters without spaces.',
    );
  }
  if (source.publishableKey) {
    const session = await postJson<ReverificationSession>(
      source.endpoint,
      '/v1/reverifications',
      source.publishableKey,
      {
        referenceId: source.referenceId,
        ...(source.sandboxOutcome ? { sandboxOutcome: source.sandboxOutcome } : {}),
      },
      signal,
    );
    // The challenge comes with the client session, like any other browser's.
    const opened = await clientSession(source.endpoint, session.clientToken, signal);
    return browserSession(opened, session.clientToken);
  }
  let clientToken = source.clientToken;
  if (!clientToken && source.getClientToken) {
    try {
      clientToken = await source.getClientToken();
    } catch (cause) {
      // Your server's own error code (e.g. enrollment_not_found) survives when it sets `code`.
      const code = (cause as { code?: unknown })?.code;
      throw new ReverifyError(
        typeof code === 'string' ? (code as ReverifyError['code']) : 'network_error',
        `getClientToken failed: ${(cause as Error)?.message ?? String(cause)}`,
        { cause },
      );
    }
  }
  if (!clientToken) {
    throw new ReverifyError(
      'invalid_request',
      'Pass clientToken, getClientToken or (sandbox) publishableKey.',
    );
  }
  const session = await clientSession(source.endpoint, clientToken, signal);
  if (session.referenceId !== source.referenceId) {
    throw new ReverifyError('forbidden', 'The client token belongs to another referenceId.');
  }
  return browserSession(session, clientToken);
}
