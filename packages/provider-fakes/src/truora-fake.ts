import { randomBytes } from 'node:crypto';
import { SignJWT } from 'jose';
import {
  type FakeCall,
  FaultPlan,
  isAcceptedImage,
  isAcceptedVideo,
  sendJson,
  serveFake,
  WebhookOutbox,
} from './fault.js';

/** How the fake decides a validation, per account (person). */
export type TruoraOutcome =
  | { readonly kind: 'success'; readonly confidence: number; readonly passiveLiveness?: boolean }
  | { readonly kind: 'declined'; readonly reason: string; readonly confidence?: number }
  | { readonly kind: 'expired'; readonly reason: string }
  | { readonly kind: 'system_error' };

/** Faults on the webhooks the fake sends. */
export interface TruoraWebhookFaults {
  /** Send every webhook twice. */
  duplicate?: boolean;
  /** After the final event, send a stale `pending` one. */
  outOfOrder?: boolean;
  /** Sign with a wrong secret. */
  forged?: boolean;
  /** Send an `alg: none` token. */
  unsigned?: boolean;
}

/** Options of {@link startTruoraFake}. */
export interface TruoraFakeOptions {
  /** Milliseconds from upload to verdict. Default 100. */
  readonly processingMs?: number;
  /** Milliseconds an upload link stays valid. Default 60000. */
  readonly linkTtlMs?: number;
  /** Where to POST webhooks (a JWT body), if anywhere. */
  readonly webhookUrl?: string;
}

interface Enrollment {
  enrollment_id: string;
  account_id: string;
  status: 'pending' | 'success' | 'failure';
  creation_date: string;
}

interface Validation {
  validation_id: string;
  type: 'face-recognition';
  account_id: string;
  threshold: number;
  validation_status: 'pending' | 'success' | 'failure';
  failure_status?: 'declined' | 'expired' | 'system_error';
  declined_reason?: string;
  expired_reason?: string;
  creation_date: string;
  retry_of_id?: string;
  /** The uploaded file's link, shown only with `show_details=true`. */
  user_response?: { input_files: string[] };
  details?: {
    face_recognition_validations: {
      confidence_score: number;
      similarity_status: 'success' | 'failure';
      passive_liveness_status: 'success' | 'failure' | 'not_executed';
      enrollment_id: string;
    };
  };
}

/** A running fake of Truora's face re-validation API. */
export interface TruoraFake {
  readonly url: string;
  readonly apiKey: string;
  /** Signs the JWT webhooks (HS256). */
  readonly webhookSecret: string;
  readonly faults: FaultPlan;
  readonly webhookFaults: TruoraWebhookFaults;
  /** The outcome of `accountId`'s next validations (default: success, confidence 0.93). */
  setOutcome(accountId: string, outcome: TruoraOutcome): void;
  /** The next upload link handed out is already expired. */
  expireNextLink(): void;
  /** The webhooks sent; set `webhooks.url` once the receiver's URL is known. */
  readonly webhooks: WebhookOutbox;
  readonly validations: ReadonlyMap<string, Validation>;
  /** The ids of the validations created with `subvalidations=passive_liveness`. */
  readonly passiveLiveness: ReadonlySet<string>;
  /** The `Content-Type` of each upload, by validation or enrollment id. */
  readonly uploadTypes: ReadonlyMap<string, string>;
  readonly enrollments: ReadonlyMap<string, Enrollment>;
  /** Every API request, as `METHOD path?query`. */
  readonly log: string[];
  close(): Promise<void>;
}

/** Declines of Truora's liveness checks (their `passive_liveness_status` is `failure`). */
const LIVENESS_DECLINES = new Set([
  'passive_liveness_verification_not_passed',
  'liveness_verification_not_passed',
  'photo_of_photo',
]);

/** The account ids Truora accepts, as its docs give them. */
const ACCOUNT_ID = /^[a-zA-Z0-9_.-]+$/;

const id = (prefix: string) => `${prefix}${randomBytes(12).toString('hex')}`;

/**
 * Starts a fake of Truora's API on 127.0.0.1, following its public docs:
 * `Truora-API-Key` auth, form-urlencoded `POST /v1/enrollments` and
 * `POST /v1/validations` answering pre-signed `file_upload_link`s (403 once
 * expired), `GET …?show_details=true` with `validation_status`,
 * `failure_status`, `declined_reason` (or `expired_reason` once expired)
 * and `details.face_recognition_validations` (the file links in
 * `user_response` only with `show_details=true`), and HS256 JWT webhooks
 * whose payload holds `events[]`. An `account_id` outside
 * `[a-zA-Z0-9_.-]+` is refused, and so is `retry_of_id` without passive
 * liveness, where alone Truora offers retries. A validation created with
 * `subvalidations=passive_liveness` takes a video selfie (webm, mp4, avi or
 * mov, ≤ 10 MB); a still image uploaded there is declined with
 * `invalid_video_file`, its liveness `not_executed`.
 */
export async function startTruoraFake(options: TruoraFakeOptions = {}): Promise<TruoraFake> {
  const apiKey = `truora_${randomBytes(16).toString('hex')}`;
  const webhookSecret = randomBytes(32).toString('base64url');
  const faults = new FaultPlan();
  const webhookFaults: TruoraWebhookFaults = {};
  const outcomes = new Map<string, TruoraOutcome>();
  const enrollments = new Map<string, Enrollment>();
  const validations = new Map<string, Validation>();
  const links = new Map<string, { target: string; expires: number }>();
  const log: string[] = [];
  const webhooks = new WebhookOutbox(options.webhookUrl);
  const uploaded = new Set<string>();
  /** Validations created with `subvalidations=passive_liveness`: their file must be a video. */
  const wantsVideo = new Set<string>();
  const uploadTypes = new Map<string, string>();
  let expireNext = false;
  let base = '';

  const link = (target: string) => {
    const token = randomBytes(16).toString('hex');
    const ttl = expireNext ? -1 : (options.linkTtlMs ?? 60_000);
    expireNext = false;
    links.set(token, { target, expires: Date.now() + ttl });
    return `${base}/uploads/${token}`;
  };

  const sign = async (payload: Record<string, unknown>, secret: string) => {
    if (webhookFaults.unsigned) {
      const encode = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url');
      return `${encode({ alg: 'none', typ: 'JWT' })}.${encode(payload)}.`;
    }
    return new SignJWT(payload)
      .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
      .setIssuedAt()
      .sign(new TextEncoder().encode(secret));
  };

  const sendWebhook = async (validation: Validation, action: string) => {
    const event = {
      id: id('EVT'),
      event_type: 'face_recognition',
      event_action: action,
      object: validation,
    };
    const secret = webhookFaults.forged ? 'not-the-secret' : webhookSecret;
    const headers = { 'Content-Type': 'text/plain' };
    const token = await sign({ events: [event] }, secret);
    await webhooks.post(token, headers);
    if (webhookFaults.duplicate) await webhooks.post(token, headers);
    if (webhookFaults.outOfOrder) {
      const stale = {
        id: id('EVT'),
        event_type: 'face_recognition',
        event_action: 'pending',
        object: { ...validation, validation_status: 'pending', details: undefined },
      };
      await webhooks.post(await sign({ events: [stale] }, secret), headers);
    }
  };

  const decide = (validation: Validation, file: Buffer) => {
    const liveness = wantsVideo.has(validation.validation_id);
    // Passive liveness runs on a video selfie; a still image there cannot be checked.
    const outcome: TruoraOutcome =
      liveness && !isAcceptedVideo(file)
        ? { kind: 'declined', reason: 'invalid_video_file', confidence: 0 }
        : (outcomes.get(validation.account_id) ?? {
            kind: 'success',
            confidence: 0.93,
            passiveLiveness: true,
          });
    const enrollment = [...enrollments.values()].find(
      (e) => e.account_id === validation.account_id,
    );
    const details = (
      confidence: number,
      similarity: boolean,
      liveness: 'success' | 'failure' | 'not_executed',
    ) => ({
      face_recognition_validations: {
        confidence_score: confidence,
        similarity_status: similarity ? ('success' as const) : ('failure' as const),
        passive_liveness_status: liveness,
        enrollment_id: enrollment?.enrollment_id ?? '',
      },
    });
    switch (outcome.kind) {
      case 'success':
        Object.assign(validation, {
          validation_status: 'success',
          details: details(
            outcome.confidence,
            true,
            liveness && outcome.passiveLiveness !== false ? 'success' : 'not_executed',
          ),
        });
        break;
      case 'declined':
        Object.assign(validation, {
          validation_status: 'failure',
          failure_status: 'declined',
          declined_reason: outcome.reason,
          details: details(
            outcome.confidence ?? 0.2,
            outcome.reason !== 'similarity_threshold_not_passed',
            !liveness || outcome.reason === 'invalid_video_file'
              ? 'not_executed'
              : LIVENESS_DECLINES.has(outcome.reason)
                ? 'failure'
                : 'success',
          ),
        });
        break;
      case 'expired':
        Object.assign(validation, {
          validation_status: 'failure',
          failure_status: 'expired',
          expired_reason: outcome.reason,
        });
        break;
      case 'system_error':
        Object.assign(validation, { validation_status: 'failure', failure_status: 'system_error' });
        break;
    }
    void sendWebhook(
      validation,
      validation.validation_status === 'success' ? 'succeeded' : 'failed',
    );
  };

  const handle = async ({ request, response, url, route, body, malformed }: FakeCall) => {
    const upload = url.pathname.match(/^\/uploads\/([a-f0-9]+)$/);
    if (request.method === 'PUT' && upload) {
      const signed = links.get(upload[1] as string);
      if (!signed || signed.expires < Date.now()) {
        response
          .writeHead(403, { 'Content-Type': 'application/xml' })
          .end('<Error><Code>AccessDenied</Code><Message>Request has expired</Message></Error>');
        return;
      }
      const video = wantsVideo.has(signed.target);
      if (body.length > 10 * 1024 * 1024 || !(video || isAcceptedImage(body))) {
        return sendJson(response, 400, {
          message: video
            ? 'the file must be at most 10 MB'
            : 'the file must be a JPEG, PNG or WebP of at most 10 MB',
        });
      }
      links.delete(upload[1] as string);
      uploadTypes.set(signed.target, request.headers['content-type'] ?? '');
      const enrollment = enrollments.get(signed.target);
      if (enrollment) enrollment.status = 'success';
      const validation = validations.get(signed.target);
      uploaded.add(signed.target);
      if (validation) {
        validation.user_response = { input_files: [`${base}/files/${signed.target}`] };
        setTimeout(() => decide(validation, body), options.processingMs ?? 100);
      }
      response.writeHead(200).end();
      return;
    }
    const truoraError = (status: number, code: number, message: string) =>
      sendJson(response, status, { code, http_code: status, message });
    if (request.headers['truora-api-key'] !== apiKey) {
      return truoraError(401, 40101, 'Invalid API key');
    }
    const form = new URLSearchParams(body.toString('utf8'));
    // Both creations need the same three fields.
    const accountId = form.get('account_id');
    const authorizedFaceRecognition =
      form.get('type') === 'face-recognition' &&
      form.get('user_authorized') === 'true' &&
      accountId;
    if (
      (route === 'POST /v1/enrollments' || route === 'POST /v1/validations') &&
      !authorizedFaceRecognition
    ) {
      return truoraError(400, 40001, 'type, user_authorized and account_id are required');
    }
    if (accountId && !ACCOUNT_ID.test(accountId)) {
      return truoraError(400, 40004, 'account_id must match [a-zA-Z0-9_.-]+');
    }

    if (route === 'POST /v1/enrollments') {
      const enrollment: Enrollment = {
        enrollment_id: id('ENR'),
        account_id: accountId as string,
        status: 'pending',
        creation_date: new Date().toISOString(),
      };
      enrollments.set(enrollment.enrollment_id, enrollment);
      return sendJson(
        response,
        200,
        { ...enrollment, file_upload_link: link(enrollment.enrollment_id) },
        malformed,
      );
    }
    const enrollmentRead = url.pathname.match(/^\/v1\/enrollments\/(ENR[a-f0-9]+)$/);
    if (request.method === 'GET' && enrollmentRead) {
      const enrollment = enrollments.get(enrollmentRead[1] as string);
      return enrollment
        ? sendJson(response, 200, enrollment, malformed)
        : truoraError(404, 40401, 'enrollment not found');
    }
    if (route === 'POST /v1/validations' && accountId) {
      if (
        ![...enrollments.values()].some((e) => e.account_id === accountId && e.status === 'success')
      ) {
        return truoraError(400, 40002, 'the account has no successful enrollment');
      }
      const liveness = form.getAll('subvalidations').includes('passive_liveness');
      if (form.get('retry_of_id') && !liveness) {
        return truoraError(400, 40005, 'retry_of_id is available only with passive_liveness');
      }
      const timeout = Number(form.get('timeout') ?? 300);
      if (!(timeout > 0 && timeout <= 21_600))
        return truoraError(400, 40003, 'timeout out of range');
      const validation: Validation = {
        validation_id: id('VLD'),
        type: 'face-recognition',
        account_id: accountId,
        threshold: Number(form.get('threshold') ?? 0.65),
        validation_status: 'pending',
        creation_date: new Date().toISOString(),
        ...(form.get('retry_of_id') ? { retry_of_id: form.get('retry_of_id') as string } : {}),
      };
      validations.set(validation.validation_id, validation);
      if (liveness) wantsVideo.add(validation.validation_id);
      // Truora expires a validation whose file never arrived.
      setTimeout(() => {
        if (validation.validation_status !== 'pending' || uploaded.has(validation.validation_id))
          return;
        Object.assign(validation, {
          validation_status: 'failure',
          failure_status: 'expired',
          expired_reason: 'input_file_not_uploaded',
        });
        void sendWebhook(validation, 'failed');
      }, timeout * 1000).unref();
      return sendJson(
        response,
        200,
        { ...validation, instructions: { file_upload_link: link(validation.validation_id) } },
        malformed,
      );
    }
    const validationRead = url.pathname.match(/^\/v1\/validations\/(VLD[a-f0-9]+)$/);
    if (request.method === 'GET' && validationRead) {
      const validation = validations.get(validationRead[1] as string);
      if (!validation) return truoraError(404, 40401, 'validation not found');
      const { user_response, ...summary } = validation;
      return sendJson(
        response,
        200,
        url.searchParams.get('show_details') === 'true' ? validation : summary,
        malformed,
      );
    }
    truoraError(404, 40400, `no route ${route}`);
  };

  const server = await serveFake(faults, log, handle);
  base = server.url;
  const fake: TruoraFake = {
    url: base,
    apiKey,
    webhookSecret,
    faults,
    webhookFaults,
    webhooks,
    setOutcome: (accountId, outcome) => void outcomes.set(accountId, outcome),
    expireNextLink: () => {
      expireNext = true;
    },
    validations,
    passiveLiveness: wantsVideo,
    uploadTypes,
    enrollments,
    log,
    close: server.close,
  };
  return fake;
}
