import {
  CaptureChecksSchema,
  KEYFRAME_NAMES,
  type KeyframeName,
  PresenceUploadSchema,
} from '@reverify/contract';
import type { Context } from 'hono';
import { z } from 'zod';
import type { Core } from '../../core/index.js';
import { ReverifyError } from '../../plugin/errors.js';
import type { TokenRecord } from '../../store/queries/tokens.js';
import { type FormFields, filePart, jsonPart, multipartBody } from '../body.js';

const IdempotencyKeySchema = z
  .string()
  .regex(/^[\x21-\x7e]{8,128}$/, 'Idempotency-Key must be 8–128 printable characters');

/** Every part a capture upload may carry; anything else is refused. */
const KNOWN_PARTS = new Set([
  'image',
  'checks',
  'presence',
  'clip',
  ...KEYFRAME_NAMES.filter((name) => name !== 'frontal').map((name) => `keyframe_${name}`),
]);

/** The `keyframe_<name>` parts of a form, with their bytes. */
async function keyframeParts(form: FormFields) {
  const unknown = Object.keys(form).filter((name) => !KNOWN_PARTS.has(name));
  if (unknown.length > 0) {
    throw new ReverifyError('keyframes_invalid', `Unknown upload parts: ${unknown.join(', ')}.`, {
      details: { parts: unknown },
    });
  }
  const parts = [];
  for (const field of Object.keys(form).filter((name) => name.startsWith('keyframe_'))) {
    const name = field.slice('keyframe_'.length) as KeyframeName;
    const file = filePart(form, field, `the ${name} keyframe`);
    parts.push({ name, bytes: new Uint8Array(await file.arrayBuffer()) });
  }
  return parts;
}

/**
 * `POST /v1/reverifications/{id}/capture` once its token is authorized:
 * multipart `image` (the frontal selfie) and `checks`, the challenge's
 * `presence` answer with its `keyframe_<name>` images, a `clip` video when
 * the provider wants one, and an optional `Idempotency-Key`; 201 for the
 * first upload, 200 for its retry.
 */
export async function captureRoute(
  c: Context,
  core: Core,
  reverificationId: string,
  token: TokenRecord,
): Promise<Response> {
  const header = c.req.header('Idempotency-Key');
  const idempotencyKey = header === undefined ? null : IdempotencyKeySchema.parse(header);
  const form = await multipartBody(c, 'the capture');
  const image = filePart(form, 'image', 'the selfie');
  const rawChecks = jsonPart(form, 'checks');
  const rawPresence = jsonPart(form, 'presence');
  const clip = form.clip === undefined ? null : filePart(form, 'clip', 'the challenge video');
  const { response, replayed } = await core.captures.accept({
    reverificationId,
    token,
    idempotencyKey,
    bytes: new Uint8Array(await image.arrayBuffer()),
    checks: rawChecks === undefined ? null : CaptureChecksSchema.parse(rawChecks),
    presence: rawPresence === undefined ? null : PresenceUploadSchema.parse(rawPresence),
    keyframes: await keyframeParts(form),
    clip: clip ? new Uint8Array(await clip.arrayBuffer()) : null,
  });
  return c.json(response, replayed ? 200 : 201);
}
