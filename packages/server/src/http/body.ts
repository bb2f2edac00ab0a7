import type { Context } from 'hono';
import { ReverifyError } from '../plugin/errors.js';

/** The caller's body as JSON: `unsupported_media_type` unless JSON, `invalid_request` if it does not parse. */
export async function jsonBody(c: Context): Promise<unknown> {
  if (!c.req.header('Content-Type')?.toLowerCase().startsWith('application/json')) {
    throw new ReverifyError('unsupported_media_type', 'Send the body as application/json.');
  }
  try {
    return await c.req.json();
  } catch (cause) {
    throw new ReverifyError('invalid_request', 'The body is not valid JSON.', { cause });
  }
}

/** A multipart body's fields: strings and files by name. */
export type FormFields = Record<string, string | File | (string | File)[]>;

/**
 * The caller's multipart/form-data body: `unsupported_media_type` unless
 * multipart, `invalid_request` when it does not parse (a wrong boundary,
 * truncated parts, garbage).
 */
export async function multipartBody(c: Context, what: string): Promise<FormFields> {
  if (!c.req.header('Content-Type')?.toLowerCase().startsWith('multipart/form-data')) {
    throw new ReverifyError('unsupported_media_type', `Upload ${what} as multipart/form-data.`);
  }
  try {
    return (await c.req.parseBody({ all: true })) as FormFields;
  } catch (cause) {
    throw new ReverifyError('invalid_request', 'The multipart body cannot be parsed.', { cause });
  }
}

/**
 * A form part that holds JSON text, parsed; `undefined` when the part is
 * absent, `invalid_request` when it is not one string of valid JSON.
 */
export function jsonPart(fields: FormFields, name: string): unknown {
  const value = fields[name];
  if (value === undefined) return undefined;
  if (typeof value !== 'string') {
    throw new ReverifyError('invalid_request', `The "${name}" part must be one JSON text.`);
  }
  try {
    return JSON.parse(value);
  } catch (cause) {
    throw new ReverifyError('invalid_request', `The "${name}" part is not valid JSON.`, { cause });
  }
}

/** The one file in part `name`; `invalid_request` naming `purpose` when it is missing or repeated. */
export function filePart(fields: FormFields, name: string, purpose: string): File {
  const value = fields[name];
  if (!(value instanceof File)) {
    throw new ReverifyError('invalid_request', `Attach ${purpose} as the "${name}" part.`);
  }
  return value;
}
