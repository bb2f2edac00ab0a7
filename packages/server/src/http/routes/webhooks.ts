import { ReplayRequestSchema } from '@reverify/contract';
import { Hono } from 'hono';
import { z } from 'zod';
import { jsonBody } from '../body.js';
import type { AppEnv } from '../env.js';
import type { RouteContext } from '../route-context.js';

const DeadLetterLimitSchema = z.coerce.number().int().min(1).max(1000);

/** `/v1/webhooks`: endpoint health, test events, dead letters and their replay. */
export function webhookRoutes({ config, guards }: RouteContext): Hono<AppEnv> {
  const { dispatcher } = config;
  return new Hono<AppEnv>()
    .get('/endpoints', guards.scoped('webhooks'), async (c) =>
      c.json({ endpoints: await dispatcher.endpointsHealth() }),
    )
    .post('/endpoints/:id/test', guards.scoped('webhooks'), async (c) =>
      c.json(await dispatcher.sendTest(c.req.param('id')), 202),
    )
    .get('/dead-letters', guards.scoped('webhooks'), async (c) => {
      const limit = DeadLetterLimitSchema.parse(c.req.query('limit') ?? '100');
      return c.json({ deliveries: await dispatcher.deadLetters(limit) });
    })
    .post('/dead-letters/replay', guards.jsonLimit, guards.scoped('webhooks'), async (c) =>
      c.json(await dispatcher.replay(ReplayRequestSchema.parse(await jsonBody(c)))),
    );
}
