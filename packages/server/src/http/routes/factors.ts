import {
  CodeRequestSchema,
  ContactsRequestSchema,
  PasskeyAnswerRequestSchema,
  ReferenceIdSchema,
  RegisterPasskeyRequestSchema,
  SendCodeRequestSchema,
  VerifyCodeRequestSchema,
} from '@reverify/contract';
import { type Context, Hono } from 'hono';
import { z } from 'zod';
import { hashSecret } from '../../core/ids.js';
import { ReverifyError } from '../../plugin/errors.js';
import { jsonBody } from '../body.js';
import type { AppEnv } from '../env.js';
import { bearer, clientToken } from '../middleware/auth.js';
import type { RouteContext } from '../route-context.js';
import { pathParam } from '../route-params.js';

/** A browser bearer token, rate-limited per token like a client session. */
async function limitedToken(context: RouteContext, c: Context, what: string): Promise<string> {
  const token = bearer(c);
  if (!token) throw new ReverifyError('unauthorized', `Send Authorization: Bearer <${what}>.`);
  await context.limits.perKey(`factor:${hashSecret(token).slice(0, 24)}`);
  return token;
}

/**
 * `/v1/factors`: a browser holding a factor token (from an approved selfie)
 * binds a passkey or an authenticator app to its person.
 */
export function factorRoutes(context: RouteContext): Hono<AppEnv> {
  const { config, guards } = context;
  const { passkeys, totp } = config.core.factors;
  const token = (c: Context) => limitedToken(context, c, 'factorToken');
  const browser = [guards.allowedOrigin, guards.jsonLimit] as const;
  return new Hono<AppEnv>()
    .post('/passkeys/options', ...browser, async (c) =>
      c.json(await passkeys.registrationOptions(await token(c))),
    )
    .post('/passkeys', ...browser, async (c) => {
      const factorToken = await token(c);
      const { response, name } = RegisterPasskeyRequestSchema.parse(await jsonBody(c));
      return c.json(await passkeys.register(factorToken, response, name), 201);
    })
    .post('/totp', ...browser, async (c) => c.json(await totp.setup(await token(c)), 201))
    .post('/totp/confirm', ...browser, async (c) => {
      const factorToken = await token(c);
      const { code } = CodeRequestSchema.parse(await jsonBody(c));
      return c.json(await totp.confirm(factorToken, code));
    });
}

/**
 * The methods a browser completes with its client token, under
 * `/v1/client`: a factor token after an approved selfie, a passkey, an
 * authenticator code, a code by SMS or email.
 */
export function clientMethodRoutes(context: RouteContext): Hono<AppEnv> {
  const { config, guards } = context;
  const { grants, passkeys, totp, codes } = config.core.factors;
  const token = (c: Context) => limitedToken(context, c, 'clientToken');
  const browser = [guards.allowedOrigin, guards.jsonLimit] as const;
  return new Hono<AppEnv>()
    .post('/factors/token', ...browser, async (c) =>
      c.json(await grants.fromClientToken(clientToken(c)), 201),
    )
    .post('/passkey/options', ...browser, async (c) =>
      c.json(await passkeys.authenticationOptions(await token(c))),
    )
    .post('/passkey', ...browser, async (c) => {
      const client = await token(c);
      const { response } = PasskeyAnswerRequestSchema.parse(await jsonBody(c));
      return c.json(await passkeys.authenticate(client, response));
    })
    .post('/totp', ...browser, async (c) => {
      const client = await token(c);
      const { code } = CodeRequestSchema.parse(await jsonBody(c));
      return c.json(await totp.verify(client, code));
    })
    .post('/codes', ...browser, async (c) => {
      const client = await token(c);
      const { method, locale } = SendCodeRequestSchema.parse(await jsonBody(c));
      return c.json(await codes.send(client, method, locale ?? 'en'), 201);
    })
    .post('/codes/verify', ...browser, async (c) => {
      const client = await token(c);
      const { method, code } = VerifyCodeRequestSchema.parse(await jsonBody(c));
      return c.json(await codes.verify(client, method, code));
    });
}

const PasskeyIdSchema = z.string().regex(/^[A-Za-z0-9_-]{1,1024}$/);

/**
 * Your server's side of a person's factors, under `/v1/references/{referenceId}`
 * (scope `enrollments`): a factor token right after a selfie enrollment,
 * the list, code destinations, and removing a passkey or the app.
 */
export function referenceFactorRoutes({ config, guards }: RouteContext): Hono<AppEnv> {
  const { factors } = config.core;
  const referenceId = (c: Context) => pathParam(c, 'referenceId', ReferenceIdSchema);
  return new Hono<AppEnv>()
    .post('/:referenceId/factor-token', guards.scoped('enrollments'), async (c) =>
      c.json(await factors.grants.fromEnrollment(referenceId(c)), 201),
    )
    .get('/:referenceId/factors', guards.scoped('enrollments'), async (c) =>
      c.json(await factors.list(referenceId(c))),
    )
    .get('/:referenceId/factor-audit', guards.scoped('enrollments'), async (c) =>
      c.json(await factors.audit(referenceId(c))),
    )
    .put('/:referenceId/contacts', guards.scoped('enrollments'), guards.jsonLimit, async (c) => {
      const body = ContactsRequestSchema.parse(await jsonBody(c));
      return c.json(await factors.putContacts(referenceId(c), body));
    })
    .delete('/:referenceId/passkeys/:passkeyId', guards.scoped('enrollments'), async (c) => {
      const passkeyId = pathParam(c, 'passkeyId', PasskeyIdSchema);
      return c.json(await factors.remove(referenceId(c), { passkeyId }));
    })
    .delete('/:referenceId/totp', guards.scoped('enrollments'), async (c) =>
      c.json(await factors.remove(referenceId(c), 'totp')),
    );
}
