import { type WebhookPayload, WebhookPayloadSchema } from '@reverify/contract';
import { Webhook } from 'standardwebhooks';

/**
 * A webhook that must not be trusted: a bad or missing signature, a
 * timestamp outside the 5-minute tolerance, or a body that is not a Reverify
 * webhook. `code` is always `webhook_verification_failed`.
 */
export class WebhookVerificationError extends Error {
  readonly code = 'webhook_verification_failed';

  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'WebhookVerificationError';
  }
}

/** A received webhook: a `Request`, or its raw body and headers. */
export type ReceivedWebhook =
  | Request
  | {
      readonly body: string;
      readonly headers: Headers | Readonly<Record<string, string | undefined>>;
    };

function header(
  headers: Headers | Readonly<Record<string, string | undefined>>,
  name: string,
): string {
  if (headers instanceof Headers) return headers.get(name) ?? '';
  const entry = Object.entries(headers).find(([key]) => key.toLowerCase() === name);
  return entry?.[1] ?? '';
}

/**
 * Verifies a Reverify webhook with the Standard Webhooks scheme (timing-safe
 * comparison, 5-minute timestamp tolerance, any of several signatures) and
 * returns its payload. Pass both secrets while rotating. Verify the raw
 * body: re-serialized JSON does not match its signature.
 *
 * @example
 * ```ts
 * app.post('/webhooks/reverify', express.text({ type: '*\/*' }), async (req, res) => {
 *   const event = await verifyWebhook({ body: req.body, headers: req.headers }, process.env.REVERIFY_WEBHOOK_SECRET!);
 *   if (event.eventType === 'reverification.completed') await grantAccess(event.data.referenceId, event.data.decision);
 *   res.sendStatus(204);
 * });
 * ```
 * @throws {@link WebhookVerificationError}
 */
export async function verifyWebhook(
  received: ReceivedWebhook,
  secrets: string | readonly string[],
): Promise<WebhookPayload> {
  const body = received instanceof Request ? await received.text() : received.body;
  const headers = {
    'webhook-id': header(received.headers, 'webhook-id'),
    'webhook-timestamp': header(received.headers, 'webhook-timestamp'),
    'webhook-signature': header(received.headers, 'webhook-signature'),
  };
  let failure: unknown;
  for (const secret of typeof secrets === 'string' ? [secrets] : secrets) {
    try {
      new Webhook(secret).verify(body, headers);
      const parsed = WebhookPayloadSchema.safeParse(JSON.parse(body));
      if (!parsed.success)
        throw new WebhookVerificationError('The body is not a Reverify webhook payload.');
      if (parsed.data.eventId !== headers['webhook-id'])
        throw new WebhookVerificationError('webhook-id does not match the payload.');
      return parsed.data;
    } catch (error) {
      if (error instanceof WebhookVerificationError) throw error;
      failure = error;
    }
  }
  throw new WebhookVerificationError(
    `Signature verification failed: ${(failure as Error)?.message ?? 'no secret given'}`,
    { cause: failure },
  );
}
