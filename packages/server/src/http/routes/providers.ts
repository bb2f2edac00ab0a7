import { Hono } from 'hono';
import { z } from 'zod';
import { ReverifyError } from '../../plugin/errors.js';
import type { AppEnv } from '../env.js';
import type { RouteContext } from '../route-context.js';
import { pathParam } from '../route-params.js';

const ProviderNameParam = z.string().regex(/^[a-z][a-z0-9-]{1,39}$/);

/**
 * `POST /v1/providers/{name}/webhook`: verdicts from Truora or a
 * VECU-style provider. Server to server: the provider's signature
 * authenticates it, not a key; the raw body is kept for the signature.
 */
export function providerRoutes({ config, guards }: RouteContext): Hono<AppEnv> {
  return new Hono<AppEnv>().post('/:name/webhook', guards.providerWebhookLimit, async (c) => {
    const name = pathParam(
      c,
      'name',
      ProviderNameParam,
      () => new ReverifyError('not_found', 'No provider of this name takes webhooks here.'),
    );
    await config.core.matching.receiveWebhook(name, {
      headers: c.req.raw.headers,
      body: await c.req.text(),
    });
    return c.json({ received: true });
  });
}
