import { WorkflowIdSchema } from '@reverify/contract';
import { Hono } from 'hono';
import type { AppEnv } from '../env.js';
import type { RouteContext } from '../route-context.js';

/** `/v1/workflows`: the named reverification policies the handler's options define (read only). */
export function workflowRoutes(context: RouteContext): Hono<AppEnv> {
  const { config, guards } = context;
  const { sessions } = config.core;
  return new Hono<AppEnv>()
    .get('/', guards.scoped('history:read', 'reverifications'), (c) =>
      c.json({ data: sessions.workflows() }),
    )
    .get('/:id', guards.scoped('history:read', 'reverifications'), (c) =>
      c.json(sessions.workflow(WorkflowIdSchema.parse(c.req.param('id')))),
    );
}
