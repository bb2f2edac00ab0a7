import type { WebhookPayload } from '@reverify/contract';
import {
  type DevInbox,
  maskRecipient,
  type ReverifyHandler,
  verifyWebhook,
} from '@reverify/server';

/** The playground's own webhook receiver path (the bin points an endpoint at it). */
export const PLAYGROUND_INBOX_PATH = '/playground/webhooks/inbox';

/**
 * Secret-key routes the demo page may use through the playground: history,
 * the review queue, one reverification, its audit trail, images, review and
 * handoff.
 */
const PASSTHROUGH =
  /^\/playground\/(references\/[\w.-]{1,128}\/factors|reviews|reverifications(?:\/rv_[A-Za-z0-9]+(?:\/(?:audit|review|handoff|images\/(?:capture|reference|peak_[1-3]|return)))?)?)$/;

/** The scoped keys the playground makes for the demo page, by the name the page uses. */
export interface PlaygroundKeys {
  /** Scope `reviews`: works the review queue, cannot run batches. */
  readonly reviewer: string;
  /** Scope `batches` (SheerID's BULK_VERIFIER). */
  readonly bulk: string;
}

/** One webhook the playground received and verified. */
interface InboxEntry {
  readonly receivedAt: string;
  readonly webhookId: string;
  readonly payload: WebhookPayload;
}

/**
 * Sandbox playground routes for the demo page, under `/playground/`. They
 * play the integrator's server — the part that holds the secret key — so the
 * demo shows the real integration: the page asks its server for a client
 * token and hands it to `startReverification`. Sandbox only; the bin binds
 * to 127.0.0.1 by default.
 */
export function playgroundRoutes(
  handler: ReverifyHandler,
  secretKey: string,
  allowedOrigins: readonly string[],
  webhookSecret: string,
  messages: DevInbox,
  scopedKeys: PlaygroundKeys,
): (request: Request) => Promise<Response | null> {
  const inbox: InboxEntry[] = [];
  const asServer = (request: Request, path: string, init: RequestInit) => {
    const headers = new Headers(init.headers);
    headers.set('Authorization', `Bearer ${secretKey}`);
    // The operator the demo page names (its Reviewer field), as a back office would.
    headers.set('Reverify-Actor', request.headers.get('Reverify-Actor') ?? 'demo-operator');
    return handler.fetch(new Request(new URL(path, request.url), { ...init, headers }));
  };
  const json = (body: unknown, status = 200) =>
    new Response(JSON.stringify(body), {
      status,
      headers: { 'Content-Type': 'application/json', 'Cache-Control': 'no-store' },
    });

  return async (request) => {
    const url = new URL(request.url);
    if (!url.pathname.startsWith('/playground/')) return null;
    const origin = request.headers.get('Origin');
    if (origin && !allowedOrigins.includes(origin)) {
      return json(
        {
          error: {
            code: 'origin_not_allowed',
            message: 'Playground calls come from the demo page only.',
            requestId: 'playground',
          },
        },
        403,
      );
    }
    const route = `${request.method} ${url.pathname}`;
    if (route === `POST ${PLAYGROUND_INBOX_PATH}`) {
      // Verified exactly as an integrator's server would (see verifyWebhook in the README).
      const payload = await verifyWebhook(request, webhookSecret).catch(() => null);
      if (!payload)
        return json(
          {
            error: {
              code: 'unauthorized',
              message: 'Bad webhook signature.',
              requestId: 'playground',
            },
          },
          401,
        );
      inbox.unshift({ receivedAt: new Date().toISOString(), webhookId: payload.eventId, payload });
      inbox.length = Math.min(inbox.length, 50);
      return new Response(null, { status: 204 });
    }
    if (route === 'GET /playground/webhooks') return json({ webhooks: inbox });
    if (route === 'POST /playground/enroll') {
      return asServer(request, '/v1/enrollments', {
        method: 'POST',
        headers: { 'Content-Type': request.headers.get('Content-Type') ?? '' },
        body: await request.arrayBuffer(),
      });
    }
    if (route === 'POST /playground/session') {
      const { referenceId, sandboxOutcome, methods } = (await request
        .json()
        .catch(() => ({}))) as Record<string, unknown>;
      const created = await asServer(request, '/v1/reverifications', {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({
          referenceId,
          restart: true,
          // The methods policy the page picked (`passkey or selfie`…); absent, the selfie.
          ...(methods ? { methods } : {}),
          // Marked, so the Review tab can say its scores are the sandbox's canned ones.
          ...(sandboxOutcome
            ? { sandboxOutcome, metadata: { forcedOutcome: sandboxOutcome } }
            : {}),
        }),
      });
      if (!created.ok) return created;
      // Like an integrator's server: hand the browser the client token only.
      const session = (await created.json()) as { id: string; clientToken: string };
      return json({ reverificationId: session.id, clientToken: session.clientToken });
    }
    const person = url.pathname.match(
      /^\/playground\/references\/([\w.-]{1,128})\/(factor-token|contacts)$/,
    );
    if (person && (route.startsWith('POST ') || route.startsWith('PUT '))) {
      // Your server's side of factors: a factor token right after the enrollment, where codes go.
      const [, referenceId = '', what] = person;
      return asServer(request, `/v1/references/${referenceId}/${what}`, {
        method: what === 'contacts' ? 'PUT' : 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: what === 'contacts' ? await request.text() : '{}',
      });
    }
    const scoped = url.pathname.match(/^\/playground\/keys\/(reviewer|bulk)\/batch$/);
    if (request.method === 'POST' && scoped) {
      // A batch run with one of the demo's scoped keys, answered as the handler answers it.
      const key = scopedKeys[scoped[1] as keyof PlaygroundKeys];
      return handler.fetch(
        new Request(new URL('/v1/batches', request.url), {
          method: 'POST',
          headers: { Authorization: `Bearer ${key}`, 'Content-Type': 'application/json' },
          body: JSON.stringify({ records: [{ referenceId: 'sandbox_approved' }] }),
        }),
      );
    }
    if (route === 'GET /playground/messages') {
      // The development inbox: SMS and email handoff messages the sandbox "sent".
      // Recipients are masked as in API answers: the page needs the link, not the number.
      return json({
        messages: messages
          .messages()
          .slice(0, 20)
          .map((message) => ({ ...message, to: maskRecipient(message.to) })),
      });
    }
    // The operator's side, as your back office would call it with the secret key.
    const passthrough = url.pathname.match(PASSTHROUGH);
    if (passthrough && (request.method === 'GET' || request.method === 'POST')) {
      return asServer(request, `/v1/${passthrough[1]}${url.search}`, {
        method: request.method,
        ...(request.method === 'POST'
          ? {
              headers: {
                'Content-Type': request.headers.get('Content-Type') ?? 'application/json',
              },
              body: await request.arrayBuffer(),
            }
          : {}),
      });
    }
    return json(
      {
        error: {
          code: 'not_found',
          message: `No playground route ${route}.`,
          requestId: 'playground',
        },
      },
      404,
    );
  };
}
