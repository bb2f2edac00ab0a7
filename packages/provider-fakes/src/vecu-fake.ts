import { createHmac, randomBytes } from 'node:crypto';
import {
  type FakeCall,
  FaultPlan,
  isAcceptedImage,
  sendJson,
  serveFake,
  WebhookOutbox,
} from './fault.js';

/** What the fake decides for a person's reverifications. */
export type VecuOutcome =
  | {
      readonly kind: 'completed';
      readonly decision: 'approved' | 'rejected' | 'manual_review';
      readonly reasons: readonly string[];
      readonly scores?: { readonly match: number; readonly liveness: number };
    }
  | { readonly kind: 'failed'; readonly reasons: readonly string[] };

/** A person the fake's provider verified before. */
export interface VecuReference {
  /** The original verification expired: starting a reverification answers 422. */
  readonly expired?: boolean;
  readonly outcome?: VecuOutcome;
}

/** Faults on the webhooks the fake sends. */
export interface VecuWebhookFaults {
  /** Send every webhook twice. */
  duplicate?: boolean;
  /** After the final event, send a stale `status_changed` back to `processing`. */
  outOfOrder?: boolean;
  /** Sign with a wrong secret. */
  forged?: boolean;
  /** Send no signature header. */
  unsigned?: boolean;
  /** Sign with a timestamp this many seconds in the past (a replayed capture). */
  staleSeconds?: number;
}

/** How the fake signs: the same knobs as the provider's `HmacSignatureScheme`. */
export interface VecuFakeSignature {
  readonly header: string;
  readonly prefix: string;
  readonly encoding: 'hex' | 'base64';
  /** `null` signs the body alone. */
  readonly timestampHeader: string | null;
}

/** Options of {@link startVecuFake}. */
export interface VecuFakeOptions {
  /** Milliseconds from selfie to verdict. Default 100. */
  readonly processingMs?: number;
  /** Where to POST webhooks, if anywhere. */
  readonly webhookUrl?: string;
  /** The API's path prefix. Default `/v1`. */
  readonly basePath?: string;
  /** The credential header and scheme word. Default `Authorization` + `Bearer`. */
  readonly auth?: { readonly header: string; readonly scheme: string };
  readonly signature?: Partial<VecuFakeSignature>;
  /**
   * For the demo: every referenceId counts as verified before, except
   * `unknown_*` (404) and `expired_*` (422). Default `false`: only
   * {@link VecuFake.addReference}'s.
   */
  readonly demoReferences?: boolean;
}

interface Reverification {
  verificationId: string;
  referenceId: string;
  externalId: string | null;
  status: 'awaiting_selfie' | 'processing' | 'completed' | 'failed';
  decision: 'approved' | 'rejected' | 'manual_review' | null;
  reasons: string[];
  scores: { match: number; liveness: number } | null;
  createdAt: string;
}

/** A running fake of a VECU-style reverification API. */
export interface VecuFake {
  /** The API's base URL (with its path prefix). */
  readonly url: string;
  readonly apiKey: string;
  readonly webhookSecret: string;
  readonly signature: VecuFakeSignature;
  readonly faults: FaultPlan;
  readonly webhookFaults: VecuWebhookFaults;
  /** The webhooks sent; set `webhooks.url` once the receiver's URL is known. */
  readonly webhooks: WebhookOutbox;
  /** Registers a person verified before (others answer 404). */
  addReference(referenceId: string, reference?: VecuReference): void;
  readonly reverifications: ReadonlyMap<string, Reverification>;
  /** Every API request, as `METHOD path?query`. */
  readonly log: string[];
  close(): Promise<void>;
}

/** The seed's words for each reason code it sends. */
const REASON_DESCRIPTIONS: Readonly<Record<string, string>> = {
  'id.selfie.match': 'The selfie matches the verified person.',
  'id.selfie.no_match': 'The selfie does not match the verified person.',
  'id.selfie.unclear': 'The selfie is too unclear to compare.',
  'id.liveness.passed': 'The liveness check passed.',
  'id.liveness.failed': 'The liveness check failed.',
};

/** Reasons as the seed's webhooks and status carry them: `{ code, description }` objects. */
const seedReasons = (codes: readonly string[]) =>
  codes.map((code) => ({ code, description: REASON_DESCRIPTIONS[code] ?? code }));

/** A reverification as the API answers it, reasons in the seed's shape. */
const resource = (item: Reverification) => ({ ...item, reasons: seedReasons(item.reasons) });

const APPROVED: VecuOutcome = {
  kind: 'completed',
  decision: 'approved',
  reasons: ['id.selfie.match', 'id.liveness.passed'],
  scores: { match: 0.94, liveness: 0.91 },
};

/**
 * Starts a fake VECU-style reverification API on 127.0.0.1: bearer auth,
 * `POST {base}/reverifications` by `referenceId` (404 unknown, 422
 * `reference_expired`; `Idempotency-Key` replays), `PUT …/{id}/selfie`,
 * `GET …/{id}`, and HMAC-SHA256 signed webhooks `{ eventId, eventType,
 * eventVersion, timestamp, source, data: { verificationId, referenceId,
 * previousStatus, status (and currentStatus), decision, reasons } }`, with
 * reasons as the seed's `{ code, description }` objects.
 */
export async function startVecuFake(options: VecuFakeOptions = {}): Promise<VecuFake> {
  const apiKey = `vecu_${randomBytes(16).toString('hex')}`;
  const webhookSecret = randomBytes(32).toString('hex');
  const basePath = options.basePath ?? '/v1';
  const auth = options.auth ?? { header: 'Authorization', scheme: 'Bearer' };
  const signature: VecuFakeSignature = {
    header: 'X-Signature',
    prefix: 'sha256=',
    encoding: 'hex',
    timestampHeader: 'X-Timestamp',
    ...options.signature,
  };
  const faults = new FaultPlan();
  const webhookFaults: VecuWebhookFaults = {};
  const webhooks = new WebhookOutbox(options.webhookUrl);
  const references = new Map<string, VecuReference>();
  const reverifications = new Map<string, Reverification>();
  const byIdempotencyKey = new Map<string, string>();
  const log: string[] = [];
  const demoReference = (referenceId: string): VecuReference | undefined =>
    !options.demoReferences || referenceId.startsWith('unknown_')
      ? undefined
      : { expired: referenceId.startsWith('expired_') };

  const send = async (eventType: string, item: Reverification, previousStatus: string | null) => {
    const body = JSON.stringify({
      eventId: `evt_${randomBytes(12).toString('hex')}`,
      eventType,
      eventVersion: '1.0',
      timestamp: new Date().toISOString(),
      source: 'vecu-fake',
      data: {
        verificationId: item.verificationId,
        referenceId: item.referenceId,
        previousStatus,
        status: item.status,
        currentStatus: item.status,
        decision: item.decision,
        reasons: seedReasons(item.reasons),
        scores: item.scores,
      },
    });
    const timestamp = String(Math.floor(Date.now() / 1000) - (webhookFaults.staleSeconds ?? 0));
    const signed = signature.timestampHeader === null ? body : `${timestamp}.${body}`;
    const mac = createHmac('sha256', webhookFaults.forged ? 'not-the-secret' : webhookSecret)
      .update(signed)
      .digest(signature.encoding);
    const headers: Record<string, string> = { 'Content-Type': 'application/json' };
    if (!webhookFaults.unsigned) headers[signature.header] = `${signature.prefix}${mac}`;
    if (signature.timestampHeader !== null) headers[signature.timestampHeader] = timestamp;
    await webhooks.post(body, headers);
    if (webhookFaults.duplicate) await webhooks.post(body, headers);
  };

  const decide = async (item: Reverification) => {
    const outcome = references.get(item.referenceId)?.outcome ?? APPROVED;
    if (outcome.kind === 'completed') {
      Object.assign(item, {
        status: 'completed',
        decision: outcome.decision,
        reasons: [...outcome.reasons],
        scores: outcome.scores ?? null,
      });
    } else {
      Object.assign(item, { status: 'failed', reasons: [...outcome.reasons] });
    }
    await send('reverification.status_changed', item, 'processing');
    await send(`reverification.${item.status}`, item, 'processing');
    if (webhookFaults.outOfOrder) {
      await send(
        'reverification.status_changed',
        { ...item, status: 'processing', decision: null },
        'awaiting_selfie',
      );
    }
  };

  const handle = async ({ request, response, url, route, body, malformed }: FakeCall) => {
    const credential = request.headers[auth.header.toLowerCase()];
    if (credential !== (auth.scheme ? `${auth.scheme} ${apiKey}` : apiKey)) {
      return sendJson(response, 401, {
        error: { code: 'unauthorized', message: 'bad credentials' },
      });
    }
    if (!url.pathname.startsWith(`${basePath}/`)) {
      return sendJson(response, 404, { error: { code: 'not_found', message: route } });
    }
    const path = url.pathname.slice(basePath.length);

    if (request.method === 'POST' && path === '/reverifications') {
      const key = request.headers['idempotency-key'];
      const replayed = typeof key === 'string' ? byIdempotencyKey.get(key) : undefined;
      const earlier = replayed ? reverifications.get(replayed) : undefined;
      if (earlier) return sendJson(response, 200, resource(earlier), malformed);
      let input: { referenceId?: unknown; externalId?: unknown };
      try {
        input = JSON.parse(body.toString('utf8'));
      } catch {
        return sendJson(response, 400, {
          error: { code: 'invalid_json', message: 'body is not JSON' },
        });
      }
      if (typeof input.referenceId !== 'string' || !input.referenceId) {
        return sendJson(response, 400, {
          error: { code: 'invalid_request', message: 'referenceId is required' },
        });
      }
      const reference = references.get(input.referenceId) ?? demoReference(input.referenceId);
      if (!reference) {
        return sendJson(response, 404, {
          error: { code: 'reference_not_found', message: 'no verification for this referenceId' },
        });
      }
      if (reference.expired) {
        return sendJson(response, 422, {
          error: { code: 'reference_expired', message: 'the original verification expired' },
        });
      }
      const item: Reverification = {
        verificationId: `rvf_${randomBytes(12).toString('hex')}`,
        referenceId: input.referenceId,
        externalId: typeof input.externalId === 'string' ? input.externalId : null,
        status: 'awaiting_selfie',
        decision: null,
        reasons: [],
        scores: null,
        createdAt: new Date().toISOString(),
      };
      reverifications.set(item.verificationId, item);
      if (typeof key === 'string') byIdempotencyKey.set(key, item.verificationId);
      return sendJson(response, 201, resource(item), malformed);
    }
    const selfie = path.match(/^\/reverifications\/(rvf_[a-f0-9]+)\/selfie$/);
    if (request.method === 'PUT' && selfie) {
      const item = reverifications.get(selfie[1] as string);
      if (!item)
        return sendJson(response, 404, {
          error: { code: 'not_found', message: 'no such reverification' },
        });
      if (item.status !== 'awaiting_selfie') {
        return sendJson(response, 409, {
          error: { code: 'selfie_already_submitted', message: item.status },
        });
      }
      if (!isAcceptedImage(body) || body.length > 10 * 1024 * 1024) {
        return sendJson(response, 415, {
          error: { code: 'unsupported_media', message: 'JPEG, PNG or WebP up to 10 MB' },
        });
      }
      item.status = 'processing';
      sendJson(
        response,
        202,
        { verificationId: item.verificationId, status: item.status },
        malformed,
      );
      await send('reverification.status_changed', item, 'awaiting_selfie');
      setTimeout(() => void decide(item), options.processingMs ?? 100);
      return;
    }
    const read = path.match(/^\/reverifications\/(rvf_[a-f0-9]+)$/);
    if (request.method === 'GET' && read) {
      const item = reverifications.get(read[1] as string);
      if (!item)
        return sendJson(response, 404, {
          error: { code: 'not_found', message: 'no such reverification' },
        });
      return sendJson(response, 200, resource(item), malformed);
    }
    sendJson(response, 404, { error: { code: 'not_found', message: route } });
  };

  const server = await serveFake(faults, log, handle);
  return {
    url: `${server.url}${basePath}`,
    apiKey,
    webhookSecret,
    signature,
    faults,
    webhookFaults,
    webhooks,
    addReference: (referenceId, reference = {}) => void references.set(referenceId, reference),
    reverifications,
    log,
    close: server.close,
  };
}
