import type { WebhookPayload } from '@reverify/contract';
import type { ReverifyHandler } from '../handler.js';
import { verifyWebhook } from '../webhooks/verify.js';

/** The playground's own webhook receiver path (the bin points an endpoint at it). */
export const PLAYGROUND_INBOX_PATH = '/playground/webhooks/inbox';

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
): (request: Request) => Promise<Response | null> {
  const inbox: InboxEntry[] = [];
  const asServer = (request: Request, path: string, init: RequestInit) => {
    const headers = new Headers(init.headers);
    headers.set('Authorization', `Bearer ${secretKey}`);
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
      const { referenceId, sandboxOutcome } = (await request.json().catch(() => ({}))) as Record<
        string,
        unknown
      >;
      const created = await asServer(request, '/v1/reverifications', {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({
          referenceId,
          restart: true,
          ...(sandboxOutcome ? { sandboxOutcome } : {}),
        }),
      });
      if (!created.ok) return created;
      // Like an integrator's server: hand the browser the client token only.
      const session = (await created.json()) as { id: string; clientToken: string };
      return json({ reverificationId: session.id, clientToken: session.clientToken });
    }
    const read = url.pathname.match(/^\/playground\/reverifications\/(rv_[A-Za-z0-9]+)$/);
    if (request.method === 'GET' && read) {
      return asServer(request, `/v1/reverifications/${read[1]}?details=true`, { method: 'GET' });
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
