import { z } from 'zod';
import { ReverifyConfigError, ReverifyError } from '../../plugin/errors.js';
import { MatchTracker } from '../../plugin/match-tracker.js';
import type { FaceMatchProvider, OpenMatchRequest } from '../../plugin/provider.js';
import {
  imageBody,
  ProviderHttpError,
  type ProviderHttpOptions,
  providerBody,
  providerFetch,
} from '../../plugin/provider-http.js';
import {
  VecuReverificationSchema,
  VecuWebhookSchema,
  vecuOutcome,
  vecuStateOf,
} from './vecu-outcome.js';
import { type HmacSignatureScheme, verifyHmacSignature } from './vecu-signature.js';

/** Paths of a VECU-style API under its base URL; `{id}` is the provider's verification id. */
export interface VecuPaths {
  /** Starts a reverification by `referenceId`. Default `/reverifications`. */
  readonly create?: string;
  /** Receives the selfie (`PUT`, image bytes). Default `/reverifications/{id}/selfie`. */
  readonly selfie?: string;
  /** The reverification's status. Default `/reverifications/{id}`. */
  readonly status?: string;
}

/** Options of {@link createVecuProvider}. */
export interface VecuProviderOptions {
  /** The API's base URL, e.g. `https://api.example.com/v1`. Default `$VECU_BASE_URL` (required). */
  readonly baseUrl?: string;
  /**
   * The credential header. Default `Authorization: Bearer $VECU_API_KEY`
   * (`$VECU_AUTH_HEADER` and `$VECU_AUTH_SCHEME` change the header name and
   * the scheme word; an empty scheme sends the key alone).
   */
  readonly auth?: { readonly header: string; readonly value: string };
  /** The HMAC-SHA256 secret of webhooks. Default `$VECU_WEBHOOK_SECRET`; without it webhooks are refused. */
  readonly webhookSecret?: string;
  /** How webhooks are signed. */
  readonly signature?: HmacSignatureScheme;
  readonly paths?: VecuPaths;
  /** The name stored with records and used in the webhook URL. Default `vecu`. */
  readonly name?: string;
  /**
   * Treat every referenceId as enrolled at the provider (it looks the
   * person up when a reverification starts). Default `true`.
   */
  readonly implicitEnrollment?: boolean;
  /** Milliseconds between status polls (the fallback when webhooks are lost). */
  readonly pollScheduleMs?: readonly number[];
  /** Timeouts and retries of each API call. */
  readonly http?: ProviderHttpOptions;
}

const CreatedSchema = z.looseObject({ verificationId: z.string().min(1) });
const ErrorBodySchema = z.looseObject({
  error: z.looseObject({ code: z.string() }).optional(),
  code: z.string().optional(),
});

/** The `code` of a provider's error body (`{ error: { code } }` or `{ code }`), if any. */
function errorCode(text: string): string | undefined {
  try {
    const parsed = ErrorBodySchema.safeParse(JSON.parse(text));
    return parsed.success ? (parsed.data.error?.code ?? parsed.data.code) : undefined;
  } catch {
    return undefined;
  }
}

/** The options the environment gives (the bin and `createVecuProvider` defaults). */
export function vecuOptionsFromEnv(env: NodeJS.ProcessEnv): VecuProviderOptions {
  const scheme = env.VECU_AUTH_SCHEME ?? 'Bearer';
  const signature: HmacSignatureScheme = {
    ...(env.VECU_SIGNATURE_HEADER ? { header: env.VECU_SIGNATURE_HEADER } : {}),
    ...(env.VECU_SIGNATURE_PREFIX !== undefined ? { prefix: env.VECU_SIGNATURE_PREFIX } : {}),
    ...(env.VECU_SIGNATURE_ENCODING === 'base64' ? { encoding: 'base64' as const } : {}),
    ...(env.VECU_TIMESTAMP_HEADER !== undefined
      ? { timestampHeader: env.VECU_TIMESTAMP_HEADER || null }
      : {}),
  };
  return {
    ...(env.VECU_BASE_URL ? { baseUrl: env.VECU_BASE_URL } : {}),
    ...(env.VECU_API_KEY
      ? {
          auth: {
            header: env.VECU_AUTH_HEADER ?? 'Authorization',
            value: scheme ? `${scheme} ${env.VECU_API_KEY}` : env.VECU_API_KEY,
          },
        }
      : {}),
    ...(env.VECU_WEBHOOK_SECRET ? { webhookSecret: env.VECU_WEBHOOK_SECRET } : {}),
    signature,
  };
}

/**
 * A VECU-style reverification API behind {@link FaceMatchProvider}: the
 * provider verified the person before and looks them up by `referenceId`.
 * When a session is created it starts the provider's reverification (an
 * unknown referenceId answers 404 → `invalid_reference_id`, an expired
 * original verification 410/422 → `reference_expired`, both before the camera
 * opens); the selfie goes to the provider on upload; the verdict comes from
 * HMAC-SHA256 signed webhooks (`reverification.status_changed`,
 * `.completed`, `.failed`) or from polling, whichever is first. Base URL,
 * auth header, paths and signature scheme are configuration.
 */
export function createVecuProvider(options: VecuProviderOptions = {}): FaceMatchProvider {
  const settings = { ...vecuOptionsFromEnv(process.env), ...options };
  const { baseUrl, auth, webhookSecret } = settings;
  if (!baseUrl) throw new ReverifyConfigError('Set VECU_BASE_URL or pass baseUrl.');
  if (!auth) throw new ReverifyConfigError('Set VECU_API_KEY or pass auth.');
  const base = baseUrl.replace(/\/+$/, '');
  const paths = {
    create: settings.paths?.create ?? '/reverifications',
    selfie: settings.paths?.selfie ?? '/reverifications/{id}/selfie',
    status: settings.paths?.status ?? '/reverifications/{id}',
  };
  const name = settings.name ?? 'vecu';
  const at = (path: string, id = '') => `${base}${path.replace('{id}', encodeURIComponent(id))}`;
  const headers = { [auth.header]: auth.value };
  const http = settings.http ?? {};

  async function open(request: OpenMatchRequest, signal: AbortSignal) {
    const referenceId = request.enrollment.providerEnrollmentId ?? request.referenceId;
    const response = await providerFetch(
      at(paths.create),
      {
        method: 'POST',
        // The provider deduplicates on the key, so a retried create is harmless.
        retrySafe: true,
        headers: {
          ...headers,
          'Content-Type': 'application/json',
          'Idempotency-Key': request.reverificationId,
        },
        body: JSON.stringify({ referenceId, externalId: request.reverificationId }),
      },
      http,
      signal,
    );
    if (response.status === 404 || response.status === 410 || response.status === 422) {
      const code = errorCode(await response.text());
      if (response.status === 404) {
        throw new ReverifyError(
          'invalid_reference_id',
          'The provider does not know this referenceId.',
          {
            details: { referenceId: request.referenceId },
          },
        );
      }
      if (response.status === 410 || /expired/i.test(code ?? '')) {
        throw new ReverifyError(
          'reference_expired',
          "The provider's original verification of this person has expired.",
          { details: { referenceId: request.referenceId } },
        );
      }
      throw new ProviderHttpError(
        response.status,
        `POST ${paths.create} answered HTTP ${response.status} (${code ?? 'no code'})`,
      );
    }
    const created = await providerBody(response, CreatedSchema, `POST ${paths.create}`);
    return { providerReference: created.verificationId };
  }

  const tracker = new MatchTracker({
    check: async (verificationId) =>
      vecuOutcome(
        await providerBody(
          await providerFetch(at(paths.status, verificationId), { headers }, http),
          VecuReverificationSchema,
          `GET ${paths.status}`,
        ),
      ),
    ...(settings.pollScheduleMs ? { schedule: settings.pollScheduleMs } : {}),
  });

  return {
    name,
    production: true,
    start: (context) => tracker.start(context),
    implicitEnrollment: () =>
      settings.implicitEnrollment === false
        ? null
        : { status: 'success', providerEnrollmentId: null, failureReason: null },
    async enroll(request) {
      if (!request.providerEnrollmentId) {
        throw new ReverifyError(
          'invalid_request',
          'This provider enrolls people through its own verification: send providerEnrollmentId (its referenceId), not a selfie.',
        );
      }
      return {
        status: 'success',
        providerEnrollmentId: request.providerEnrollmentId,
        failureReason: null,
      };
    },
    openMatch: open,
    async startMatch(request, signal) {
      const verificationId =
        request.providerReference ?? (await open(request, signal)).providerReference;
      tracker.track({
        reverificationId: request.reverificationId,
        providerReference: verificationId,
        expiresAt: new Date(Date.now() + request.timeoutSeconds * 1000).toISOString(),
      });
      const image = imageBody(request.image);
      try {
        const response = await providerFetch(
          at(paths.selfie, verificationId),
          { method: 'PUT', body: image.body, headers: { ...headers, ...image.headers } },
          http,
          signal,
        );
        await response.body?.cancel().catch(() => undefined);
        if (!response.ok) {
          throw new ProviderHttpError(
            response.status,
            `PUT ${paths.selfie} answered HTTP ${response.status}`,
          );
        }
      } catch (error) {
        tracker.forget(verificationId);
        throw error;
      }
      return { providerReference: verificationId };
    },
    async receiveWebhook(webhook) {
      if (!webhookSecret) {
        throw new ReverifyError(
          'unauthorized',
          'Webhooks are refused: VECU_WEBHOOK_SECRET is not set.',
        );
      }
      verifyHmacSignature(webhookSecret, settings.signature ?? {}, webhook.headers, webhook.body);
      let json: unknown;
      try {
        json = JSON.parse(webhook.body);
      } catch {
        throw new ReverifyError('invalid_request', 'The webhook body is not JSON.');
      }
      const parsed = VecuWebhookSchema.safeParse(json);
      if (!parsed.success) {
        throw new ReverifyError('invalid_request', 'The webhook is not a reverification event.');
      }
      if (!tracker.firstDelivery(parsed.data.eventId)) return;
      const outcome = vecuOutcome(vecuStateOf(parsed.data));
      // status_changed events carry no verdict; unknown verification ids are not ours.
      if (outcome) await tracker.settle(parsed.data.data.verificationId, outcome);
    },
    async deleteReference() {
      // The provider's original verification is the integrator's record there, not ours to delete.
    },
    async close() {
      tracker.close();
    },
  };
}
