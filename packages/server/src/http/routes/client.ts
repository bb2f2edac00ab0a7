import { ClientHandoffRequestSchema, OpenHandoffRequestSchema } from '@reverify/contract';
import { Hono } from 'hono';
import { optionalJsonBody } from '../actor.js';
import { jsonBody } from '../body.js';
import type { AppEnv } from '../env.js';
import type { RouteContext } from '../route-context.js';

/**
 * `/v1/client`: what a browser does with its client token (from an allowed
 * origin): open its session, ask for a handoff link for its own
 * reverification (texted to a phone number when it asks, within the
 * handler's `clientMessages` limits), and, on the phone, open a handoff link.
 */
export function clientRoutes(context: RouteContext): Hono<AppEnv> {
  const { config, guards } = context;
  return new Hono<AppEnv>()
    .post('/session', guards.allowedOrigin, async (c) => c.json(await context.clientSession(c)))
    .post('/handoff', guards.jsonLimit, guards.allowedOrigin, async (c) => {
      const request = ClientHandoffRequestSchema.parse(await optionalJsonBody(c));
      const session = await context.clientSession(c, 'capture');
      return c.json(
        await config.handoffs.create(
          session.reverificationId,
          request,
          context.originOf(c),
          'client',
        ),
        201,
      );
    })
    .post('/handoff/open', guards.jsonLimit, guards.allowedOrigin, async (c) => {
      const { handoffToken } = OpenHandoffRequestSchema.parse(await jsonBody(c));
      return c.json(await config.core.handoffs.open(handoffToken));
    });
}
