import { errors as joseErrors, jwtVerify } from 'jose';
import { z } from 'zod';
import { ReverifyConfigError, ReverifyError } from '../../plugin/errors.js';
import { MatchTracker } from '../../plugin/match-tracker.js';
import type {
  EnrollOutcome,
  FaceMatchProvider,
  MatchRequest,
  ProviderContext,
  StoredImage,
} from '../../plugin/provider.js';
import {
  clipBody,
  imageBody,
  type MediaBody,
  ProviderHttpError,
  type ProviderHttpOptions,
  providerBody,
  providerFetch,
} from '../../plugin/provider-http.js';
import { mapProviderReason } from '../../plugin/reasons.js';
import { truoraAccountId } from './truora-account.js';
import { type TruoraValidation, TruoraValidationSchema, truoraOutcome } from './truora-outcome.js';
import { TRUORA_REASON_MAP } from './truora-reasons.js';

/** Truora's API host. */
export const TRUORA_DEFAULT_BASE_URL = 'https://api.validations.truora.com';

/** Options of {@link createTruoraProvider}; each falls back to an environment variable. */
export interface TruoraProviderOptions {
  /** The API key, sent as `Truora-API-Key`. Default `$TRUORA_API_KEY` (required). */
  readonly apiKey?: string;
  /**
   * The secret Truora signs webhooks with (HS256). Default
   * `$TRUORA_WEBHOOK_SECRET`; without it webhooks are refused and polling
   * alone brings verdicts.
   */
  readonly webhookSecret?: string;
  /** Default `$TRUORA_BASE_URL`, else {@link TRUORA_DEFAULT_BASE_URL}. */
  readonly baseUrl?: string;
  /** Similarity threshold when a reverification names none. Default 0.65 (Truora's). */
  readonly threshold?: number;
  /**
   * Ask for Truora's passive liveness check. Default `true`: the handler asks
   * the device for a short video of the challenge (webm or mp4, ≤ 10 MB, as
   * Truora's docs require for a video selfie) and uploads it in place of the
   * still; a reverification without a clip is checked for similarity only,
   * and its liveness step is `not_checked`.
   */
  readonly passiveLiveness?: boolean;
  /** Milliseconds between status polls, last step repeating. Default about 1, 2, 4, 8 … 12 s. */
  readonly pollScheduleMs?: readonly number[];
  /** Milliseconds between enrollment status polls. Default 500, 1000, 2000. */
  readonly enrollmentPollScheduleMs?: readonly number[];
  /** Timeouts and retries of each API call. */
  readonly http?: ProviderHttpOptions;
  /**
   * Seconds a webhook's JWT may be old (its `iat`) before it is refused as
   * a replay; `exp` and `nbf` are enforced when present, and a JWT issued
   * more than a minute in the future is refused. Default 3600.
   */
  readonly webhookMaxAgeSeconds?: number;
}

/** Seconds of clock difference tolerated between Truora and the handler. */
const WEBHOOK_CLOCK_SKEW_SECONDS = 60;

/** The longest `timeout` Truora accepts for a validation, in seconds. */
const MAX_VALIDATION_TIMEOUT_SECONDS = 21_600;

const EnrollmentSchema = z.looseObject({
  enrollment_id: z.string().min(1),
  account_id: z.string().min(1),
  status: z.string(),
  declined_reason: z.string().optional(),
  file_upload_link: z.url().optional(),
});

const CreatedValidationSchema = TruoraValidationSchema.extend({
  instructions: z.looseObject({ file_upload_link: z.url() }),
});

const WebhookPayloadSchema = z.looseObject({
  events: z.array(
    z.looseObject({
      id: z.string().min(1),
      event_type: z.string().optional(),
      event_action: z.string().optional(),
      object: z.unknown(),
    }),
  ),
});

/** A pre-signed upload link that expired before the upload (Truora answers 403). */
class UploadLinkExpired extends Error {}

/**
 * Truora face re-validation behind {@link FaceMatchProvider}, as Truora's
 * public API documents it: enrollments from a reference selfie
 * (`POST /v1/enrollments`) or an existing `enrollment_id`; per match, a
 * check that the enrollment is `success`, `POST /v1/validations`
 * (form-urlencoded, `type=face-recognition`), a `PUT` of the challenge's
 * video (with `subvalidations=passive_liveness`) or else the sanitized
 * selfie to the pre-signed `file_upload_link` (an expired link gets a new
 * validation, with `retry_of_id` when passive liveness runs, as Truora
 * allows retries only there), then verdicts from polling
 * `GET /v1/validations/{id}` (without `show_details`: no links to the
 * images) and from HS256 JWT webhooks, whichever comes first. The
 * `account_id` is {@link truoraAccountId} of the referenceId.
 *
 * Deleting a reference removes nothing at Truora: its enrollments follow
 * the retention of your Truora account.
 */
export function createTruoraProvider(options: TruoraProviderOptions = {}): FaceMatchProvider {
  const apiKey = options.apiKey ?? process.env.TRUORA_API_KEY;
  if (!apiKey) {
    throw new ReverifyConfigError('Truora needs an API key: set TRUORA_API_KEY or pass apiKey.');
  }
  const webhookSecret = options.webhookSecret ?? process.env.TRUORA_WEBHOOK_SECRET;
  const baseUrl = (
    options.baseUrl ??
    process.env.TRUORA_BASE_URL ??
    TRUORA_DEFAULT_BASE_URL
  ).replace(/\/+$/, '');
  const threshold = options.threshold ?? 0.65;
  const webhookMaxAgeSeconds = options.webhookMaxAgeSeconds ?? 3600;
  const http = options.http ?? {};
  let context: ProviderContext | undefined;

  const call = (path: string, init: Parameters<typeof providerFetch>[1], signal?: AbortSignal) =>
    providerFetch(
      `${baseUrl}${path}`,
      { ...init, headers: { ...init.headers, 'Truora-API-Key': apiKey } },
      http,
      signal,
    );
  const form = (fields: Record<string, string | readonly string[] | undefined>) => {
    const body = new URLSearchParams();
    for (const [name, value] of Object.entries(fields)) {
      for (const item of typeof value === 'string' ? [value] : (value ?? []))
        body.append(name, item);
    }
    return { method: 'POST', body, retrySafe: true } as const;
  };

  async function getValidation(id: string, signal?: AbortSignal): Promise<TruoraValidation> {
    const what = 'GET /v1/validations/{id}';
    // Without `show_details`: the scores Reverify reads are there, the links to the images are not.
    const path = `/v1/validations/${encodeURIComponent(id)}`;
    return providerBody(await call(path, {}, signal), TruoraValidationSchema, what);
  }

  async function getEnrollment(id: string, signal: AbortSignal) {
    const response = await call(`/v1/enrollments/${encodeURIComponent(id)}`, {}, signal);
    if (response.status === 404) {
      await response.body?.cancel();
      throw new ReverifyError('invalid_reference_id', 'Truora has no enrollment with this id.');
    }
    return providerBody(response, EnrollmentSchema, 'GET /v1/enrollments/{id}');
  }

  async function upload(link: string, file: MediaBody, signal: AbortSignal): Promise<void> {
    const response = await providerFetch(
      link,
      { method: 'PUT', label: 'PUT file_upload_link', ...file },
      http,
      signal,
    );
    await response.body?.cancel().catch(() => undefined);
    if (response.status === 403) throw new UploadLinkExpired();
    if (!response.ok) {
      throw new ProviderHttpError(
        response.status,
        `PUT file_upload_link answered HTTP ${response.status}`,
      );
    }
  }

  async function enrollmentOutcome(
    enrollment: z.infer<typeof EnrollmentSchema>,
  ): Promise<EnrollOutcome> {
    const status =
      enrollment.status === 'success' || enrollment.status === 'failure'
        ? enrollment.status
        : 'pending';
    return {
      status,
      providerEnrollmentId: enrollment.enrollment_id,
      failureReason:
        status === 'failure'
          ? mapProviderReason(TRUORA_REASON_MAP, enrollment.declined_reason ?? '', 'selfie_unclear')
          : null,
    };
  }

  async function enrollFromImage(
    referenceId: string,
    image: StoredImage,
    signal: AbortSignal,
  ): Promise<EnrollOutcome> {
    for (let attempt = 1; ; attempt++) {
      const created = await providerBody(
        await call(
          '/v1/enrollments',
          form({
            type: 'face-recognition',
            user_authorized: 'true',
            account_id: truoraAccountId(referenceId),
          }),
          signal,
        ),
        EnrollmentSchema,
        'POST /v1/enrollments',
      );
      if (!created.file_upload_link) {
        throw new ProviderHttpError(200, 'POST /v1/enrollments answered no file_upload_link');
      }
      try {
        await upload(created.file_upload_link, imageBody(image), signal);
      } catch (error) {
        if (error instanceof UploadLinkExpired && attempt < 2) continue;
        throw error;
      }
      const schedule = options.enrollmentPollScheduleMs ?? [500, 1000, 2000];
      for (let step = 0; ; step++) {
        const enrollment = await getEnrollment(created.enrollment_id, signal);
        if (enrollment.status !== 'pending') return enrollmentOutcome(enrollment);
        // The handler's provider timeout aborts `signal` if Truora takes too long.
        await new Promise((resolve) =>
          setTimeout(resolve, schedule[Math.min(step, schedule.length - 1)]),
        );
        signal.throwIfAborted();
      }
    }
  }

  async function createValidation(
    accountId: string,
    request: MatchRequest,
    liveness: boolean,
    retryOfId: string | null,
    signal: AbortSignal,
  ) {
    return providerBody(
      await call(
        '/v1/validations',
        form({
          type: 'face-recognition',
          user_authorized: 'true',
          account_id: accountId,
          threshold: String(request.threshold ?? threshold),
          timeout: String(Math.min(request.timeoutSeconds, MAX_VALIDATION_TIMEOUT_SECONDS)),
          subvalidations: liveness ? ['similarity', 'passive_liveness'] : ['similarity'],
          // Truora's docs: a retry is available only with passive liveness.
          retry_of_id: liveness ? (retryOfId ?? undefined) : undefined,
        }),
        signal,
      ),
      CreatedValidationSchema,
      'POST /v1/validations',
    );
  }

  const tracker = new MatchTracker({
    check: async (validationId) => truoraOutcome(await getValidation(validationId)),
    ...(options.pollScheduleMs ? { schedule: options.pollScheduleMs } : {}),
  });

  async function verifyWebhook(body: string) {
    if (!webhookSecret) {
      throw new ReverifyError(
        'unauthorized',
        'Truora webhooks are refused: TRUORA_WEBHOOK_SECRET is not set.',
      );
    }
    try {
      const { payload } = await jwtVerify(body.trim(), new TextEncoder().encode(webhookSecret), {
        algorithms: ['HS256'],
        clockTolerance: WEBHOOK_CLOCK_SKEW_SECONDS,
      });
      const now = Date.now() / 1000;
      if (typeof payload.iat === 'number') {
        if (payload.iat > now + WEBHOOK_CLOCK_SKEW_SECONDS) {
          throw new ReverifyError('unauthorized', 'The Truora webhook was issued in the future.');
        }
        if (payload.iat < now - webhookMaxAgeSeconds) {
          throw new ReverifyError('unauthorized', 'The Truora webhook is too old (a replay?).');
        }
      }
      return payload;
    } catch (error) {
      if (error instanceof joseErrors.JWTExpired) {
        throw new ReverifyError('unauthorized', 'The Truora webhook has expired (a replay?).');
      }
      if (error instanceof joseErrors.JOSEError) {
        throw new ReverifyError('unauthorized', 'The Truora webhook signature is not valid.');
      }
      throw error;
    }
  }

  return {
    name: 'truora',
    production: true,
    wantsClip: options.passiveLiveness !== false,
    async start(ctx) {
      context = ctx;
      await tracker.start(ctx);
    },
    implicitEnrollment: () => null,
    async enroll(request, signal) {
      if (request.providerEnrollmentId) {
        return enrollmentOutcome(await getEnrollment(request.providerEnrollmentId, signal));
      }
      if (!request.image) {
        throw new ReverifyError(
          'invalid_request',
          'Send a reference selfie or a providerEnrollmentId.',
        );
      }
      return enrollFromImage(request.referenceId, request.image, signal);
    },
    async startMatch(request, signal) {
      const enrollmentId = request.enrollment.providerEnrollmentId;
      if (!enrollmentId) {
        throw new ReverifyError(
          'enrollment_not_ready',
          'This enrollment has no Truora enrollment id.',
        );
      }
      const enrollment = await getEnrollment(enrollmentId, signal);
      if (enrollment.status !== 'success') {
        throw new ReverifyError(
          'enrollment_not_ready',
          `The Truora enrollment is ${enrollment.status}.`,
        );
      }
      const expiresAt = new Date(Date.now() + request.timeoutSeconds * 1000).toISOString();
      // Passive liveness runs on a video selfie: with the device's clip, upload that;
      // without one (no challenge ran), ask for similarity only, and the liveness step says so.
      const clip = options.passiveLiveness === false ? null : request.clip;
      const file = clip ? clipBody(clip) : imageBody(request.image);
      let retryOfId = request.retryOf?.providerReference ?? null;
      for (let attempt = 1; ; attempt++) {
        const validation = await createValidation(
          enrollment.account_id,
          request,
          clip !== null,
          retryOfId,
          signal,
        );
        const validationId = validation.validation_id;
        // Tracked before the upload: Truora's webhook may beat the PUT's answer.
        tracker.track({
          reverificationId: request.reverificationId,
          providerReference: validationId,
          expiresAt,
        });
        try {
          await upload(validation.instructions.file_upload_link, file, signal);
          return { providerReference: validationId };
        } catch (error) {
          tracker.forget(validationId);
          if (!(error instanceof UploadLinkExpired)) throw error;
          if (attempt >= 2) {
            throw new ProviderHttpError(403, 'Truora upload links expired twice');
          }
          context?.logger.warn(
            { reverificationId: request.reverificationId },
            'Truora upload link expired; retrying with a new validation',
          );
          retryOfId = validationId;
        }
      }
    },
    async receiveWebhook(webhook) {
      const payload = WebhookPayloadSchema.safeParse(await verifyWebhook(webhook.body));
      if (!payload.success) {
        throw new ReverifyError('invalid_request', 'The Truora webhook has no events list.');
      }
      for (const event of payload.data.events) {
        if (!tracker.firstDelivery(event.id)) continue;
        const validation = TruoraValidationSchema.safeParse(event.object);
        if (!validation.success) continue;
        const outcome = truoraOutcome(validation.data);
        // Pending (or stale, out-of-order) events carry no verdict; unknown ids are not ours.
        if (outcome) await tracker.settle(validation.data.validation_id, outcome);
      }
    },
    async deleteReference() {
      // Truora enrollments follow the Truora account's own retention.
    },
    async close() {
      tracker.close();
    },
  };
}
