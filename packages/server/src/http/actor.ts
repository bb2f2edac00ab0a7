import type { Context } from 'hono';
import { z } from 'zod';
import { jsonBody } from './body.js';
import type { AppEnv } from './env.js';

/** Who is acting, from the `Reverify-Actor` header (your back office's operator id). */
const ActorSchema = z
  .string()
  .trim()
  .min(1)
  .max(200)
  .regex(/^[^\p{Cc}]+$/u, 'Reverify-Actor must be printable');

/** The operator named by `Reverify-Actor`, else the scoped API key's name, else `api`. */
export function actorOf(c: Context<AppEnv>): string {
  const header = c.req.header('Reverify-Actor');
  if (header !== undefined) return ActorSchema.parse(header);
  return c.get('credential')?.name ?? 'api';
}

/** A JSON body that may be empty (all fields optional): `{}` without one. */
export async function optionalJsonBody(c: Context): Promise<unknown> {
  return c.req.header('Content-Length') === '0' || !c.req.header('Content-Type') ? {} : jsonBody(c);
}
