import {
  CreateHandoffRequestSchema,
  CreateReverificationRequestSchema,
  ListReverificationsQuerySchema,
  RestartReverificationRequestSchema,
} from '@reverify/contract';
import { type Context, Hono } from 'hono';
import { z } from 'zod';
import { ReverifyError } from '../../plugin/errors.js';
import { actorOf, optionalJsonBody } from '../actor.js';
import { jsonBody } from '../body.js';
import type { AppEnv } from '../env.js';
import { bearer, clientToken } from '../middleware/auth.js';
import type { RouteContext } from '../route-context.js';
import { reverificationIdParam } from '../route-params.js';
import { streamEvents } from '../sse.js';
import { captureRoute } from './captures.js';

const LastEventIdSchema = z.coerce.number().int().min(0).max(1_000_000);

/**
 * `/v1/reverifications`: create (your server, or a publishable key in
 * sandbox), read and list, restart, handoff links; the browser's capture
 * upload and event stream.
 */
export function reverificationRoutes(context: RouteContext): Hono<AppEnv> {
  const { config, guards, limits } = context;
  const { sessions, tokens, streams } = config.core;
  const streamToken = (c: Context) => {
    const token = c.req.query('token') ?? bearer(c);
    if (!token)
      throw new ReverifyError(
        'unauthorized',
        'Send the streamToken as ?token= or a Bearer header.',
      );
    return token;
  };
  return new Hono<AppEnv>()
    .post('/', guards.jsonLimit, guards.secretOrPublishableKey, async (c) => {
      const body = CreateReverificationRequestSchema.parse(await jsonBody(c));
      const { session, created } = await sessions.create(body);
      return c.json(session, created ? 201 : 200);
    })
    .get('/', guards.scoped('history:read'), async (c) =>
      c.json(await sessions.list(ListReverificationsQuerySchema.parse(c.req.query()))),
    )
    .get('/:id', guards.scoped('reverifications', 'history:read', 'reviews'), async (c) =>
      c.json(await sessions.get(reverificationIdParam(c), c.req.query('details') === 'true')),
    )
    .post('/:id/restart', guards.jsonLimit, guards.scoped('reverifications'), async (c) => {
      const id = reverificationIdParam(c);
      const request = RestartReverificationRequestSchema.parse(await optionalJsonBody(c));
      return c.json(await sessions.restart(id, request, actorOf(c)), 201);
    })
    .post('/:id/handoff', guards.jsonLimit, guards.scoped('reverifications'), async (c) => {
      const id = reverificationIdParam(c);
      const request = CreateHandoffRequestSchema.parse(await optionalJsonBody(c));
      return c.json(await config.handoffs.create(id, request, context.originOf(c)), 201);
    })
    .post('/:id/capture', guards.allowedOrigin, guards.uploadLimit, async (c) => {
      const id = reverificationIdParam(c);
      const upload = await tokens.authorize(clientToken(c), 'upload', id);
      await limits.perKey(`token:${id}`);
      return captureRoute(c, config.core, id, upload);
    })
    .get('/:id/events', async (c) => {
      const id = reverificationIdParam(c);
      await tokens.authorize(streamToken(c), 'stream', id);
      await limits.perKey(`token:${id}`);
      const after = LastEventIdSchema.parse(
        c.req.header('Last-Event-ID') ?? c.req.query('after') ?? '0',
      );
      await streams.markCapturing(id);
      const pending = await streams.listEvents(id, after);
      if (c.req.header('Accept')?.includes('application/json')) {
        return c.json({ events: pending.events });
      }
      if (pending.settled && pending.events.length === 0) {
        // Settled and fully read: 204 tells EventSource to stop reconnecting.
        return c.body(null, 204);
      }
      return streamEvents(streams, id, after, { heartbeatMs: config.heartbeatMs, retryMs: 2000 });
    });
}
