import { CaptureChecksSchema } from '@reverify/contract';
import type { Context } from 'hono';
import { z } from 'zod';
import type { Core } from '../../core/index.js';
import type { TokenRecord } from '../../store/queries/tokens.js';
import { filePart, jsonPart, multipartBody } from '../body.js';

const IdempotencyKeySchema = z
  .string()
  .regex(/^[\x21-\x7e]{8,128}$/, 'Idempotency-Key must be 8–128 printable characters');

/**
 * `POST /v1/reverifications/{id}/capture` once its token is authorized:
 * multipart `image` and `checks`, an optional `Idempotency-Key`; 201 for
 * the first upload, 200 for its retry.
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
  const { response, replayed } = await core.captures.accept({
    reverificationId,
    token,
    idempotencyKey,
    bytes: new Uint8Array(await image.arrayBuffer()),
    checks: rawChecks === undefined ? null : CaptureChecksSchema.parse(rawChecks),
  });
  return c.json(response, replayed ? 200 : 201);
}
