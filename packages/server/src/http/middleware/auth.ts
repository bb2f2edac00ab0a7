import { type ApiKeyScope, scopeAllows } from '@reverify/contract';
import type { Context, MiddlewareHandler } from 'hono';
import { hashSecret } from '../../core/ids.js';
import { ReverifyError } from '../../plugin/errors.js';
import type { AppConfig, AppEnv, Credential } from '../env.js';
import type { RateLimits } from './rate-limit.js';

/** The characters and length of every credential (API keys, client and stream tokens). */
const CREDENTIAL = '[A-Za-z0-9._~-]{1,512}';
const BEARER = new RegExp(`^Bearer (${CREDENTIAL})$`);
const API_KEY_HEADER = new RegExp(`^${CREDENTIAL}$`);

/** The bearer credential of a request, when it is well formed. */
export function bearer(c: Context): string | undefined {
  return c.req.header('Authorization')?.match(BEARER)?.[1];
}

/**
 * The API key of a request: `Authorization: Bearer <key>`, or `X-API-Key:
 * <key>` as VerifyHQ's API sends it. Both at once must agree
 * (`invalid_request` otherwise), so a request never carries two identities.
 */
export function apiKey(c: Context): string | undefined {
  const fromBearer = bearer(c);
  const header = c.req.header('X-API-Key');
  if (header === undefined) return fromBearer;
  const fromHeader = header.match(API_KEY_HEADER)?.[0];
  if (!fromHeader) throw new ReverifyError('unauthorized', 'Malformed X-API-Key header.');
  if (fromBearer !== undefined && fromBearer !== fromHeader) {
    throw new ReverifyError(
      'invalid_request',
      'Authorization and X-API-Key carry different keys; send one.',
    );
  }
  return fromHeader;
}

/** The browser's client token from `Authorization: Bearer`; `unauthorized` without one. */
export function clientToken(c: Context): string {
  const token = bearer(c);
  if (!token) throw new ReverifyError('unauthorized', 'Send Authorization: Bearer <clientToken>.');
  return token;
}

/** Browser requests must come from an allowed origin (`origin_not_allowed` otherwise). */
export function requireAllowedOrigin(origins: ReadonlySet<string>): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const origin = c.req.header('Origin');
    if (!origin || !origins.has(origin)) {
      throw new ReverifyError(
        'origin_not_allowed',
        'This request must come from an allowed origin.',
      );
    }
    await next();
  };
}

/** The credential an API key's hash stands for, or `undefined` for none. */
async function credentialOf(
  config: Pick<AppConfig, 'secretKeyHashes' | 'publishableKeyHashes' | 'apiKeys'>,
  hash: string,
): Promise<Credential | undefined> {
  if (config.secretKeyHashes.has(hash))
    return { kind: 'secret', hash, scopes: ['admin'], name: null };
  if (config.publishableKeyHashes.has(hash)) {
    return { kind: 'publishable', hash, scopes: ['reverifications'], name: null };
  }
  const scoped = await config.apiKeys.find(hash);
  return scoped ? { kind: 'secret', hash, scopes: scoped.scopes, name: scoped.name } : undefined;
}

/**
 * Authenticates an API key of one of `kinds` that holds one of `anyOf`
 * (`unauthorized` for none or an unknown, revoked or expired one,
 * `forbidden` for another kind, `insufficient_scope` without the scope),
 * charges its rate limit and sets `c.get('credential')`.
 */
export function authenticate(
  config: Pick<AppConfig, 'secretKeyHashes' | 'publishableKeyHashes' | 'apiKeys'>,
  limits: RateLimits,
  kinds: readonly Credential['kind'][],
  anyOf: readonly ApiKeyScope[],
): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const key = apiKey(c);
    if (!key)
      throw new ReverifyError('unauthorized', 'Send Authorization: Bearer <key> (or X-API-Key).');
    const hash = hashSecret(key);
    const credential = await credentialOf(config, hash);
    if (!credential) throw new ReverifyError('unauthorized', 'Unknown API key.');
    if (!kinds.includes(credential.kind)) {
      throw new ReverifyError(
        'forbidden',
        `A ${credential.kind} key cannot do this; use a secret key from your server.`,
      );
    }
    if (!scopeAllows(credential.scopes, anyOf)) {
      throw new ReverifyError(
        'insufficient_scope',
        `This key may not do this; it needs the scope ${anyOf.join(' or ')}.`,
        { details: { required: [...anyOf], held: [...credential.scopes] } },
      );
    }
    await limits.perKey(`key:${hash}`);
    c.set('credential', credential);
    await next();
  };
}
