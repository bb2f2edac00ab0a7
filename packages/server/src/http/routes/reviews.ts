import { PageQuerySchema, ReviewRequestSchema } from '@reverify/contract';
import { Hono } from 'hono';
import { isReviewImage } from '../../core/reviews.js';
import { ReverifyError } from '../../plugin/errors.js';
import { actorOf } from '../actor.js';
import { jsonBody } from '../body.js';
import type { AppEnv } from '../env.js';
import type { RouteContext } from '../route-context.js';
import { reverificationIdParam } from '../route-params.js';

/**
 * Manual review (mounted at `/v1`): the queue, a reviewer's decision, the
 * audit trail and the images a reviewer compares.
 */
export function reviewRoutes({ config, guards }: RouteContext): Hono<AppEnv> {
  const { reviews, sessions } = config.core;
  return new Hono<AppEnv>()
    .get('/reviews', guards.scoped('reviews'), async (c) => {
      const page = PageQuerySchema.parse(c.req.query());
      return c.json(
        await sessions.list({ ...page, status: 'completed', decision: 'manual_review' }, 'oldest'),
      );
    })
    .post('/reverifications/:id/review', guards.jsonLimit, guards.scoped('reviews'), async (c) => {
      const id = reverificationIdParam(c);
      return c.json(await reviews.decide(id, ReviewRequestSchema.parse(await jsonBody(c))));
    })
    .get('/reverifications/:id/audit', guards.scoped('reviews', 'history:read'), async (c) =>
      c.json({ entries: await reviews.auditTrail(reverificationIdParam(c)) }),
    )
    .get('/reverifications/:id/images/:which', guards.scoped('reviews'), async (c) => {
      const id = reverificationIdParam(c);
      const which = c.req.param('which');
      if (!isReviewImage(which)) {
        throw new ReverifyError(
          'not_found',
          'Ask for images/capture, images/reference or a keyframe: images/peak_1, peak_2, peak_3, return.',
        );
      }
      const image = await reviews.image(id, which, actorOf(c));
      return new Response(image.bytes as Uint8Array<ArrayBuffer>, {
        headers: {
          'Content-Type': `image/${image.format}`,
          // Biometric data: never cached, never sniffed, never framed elsewhere.
          'Cache-Control': 'no-store',
          'X-Content-Type-Options': 'nosniff',
          'Content-Security-Policy': "default-src 'none'; frame-ancestors 'none'",
        },
      });
    });
}
