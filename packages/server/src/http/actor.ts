import type { Context } from 'hono';
import { z } from 'zod';
import { jsonBody } from './body.js';

/** Who is acting, from the `Reverify-Actor` header (your back office's operator id). */
const ActorSchema = z
  .string()
  .trim()
  .min(1)
  .max(200)
  .regex(/^[^\p{Cc}]+$/u, 'Reverify-Actor must be printable');

/** The operator named by `Reverify-Actor`, or `api`. */
export function actorOf(c: Context): string {
  const header = c.req.header('Reverify-Actor');
  return header === undefined ? 'api' : ActorSchema.parse(header);
}

/** A JSON body that may be empty (all fields optional): `{}` without one. */
export async function optionalJsonBody(c: Context): Promise<unknown> {
  return c.req.header('Content-Length') === '0' || !c.req.header('Content-Type') ? {} : jsonBody(c);
}
