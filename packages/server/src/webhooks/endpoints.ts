import { createHash } from 'node:crypto';
import { ReverifyConfigError } from '../plugin/errors.js';
import { nonPublicUrlReason } from './public-address.js';
import type { WebhookFormat } from './seed-format.js';

/** One place to send webhooks to. */
export interface WebhookEndpointConfig {
  /** The receiver's URL (https in production). */
  readonly url: string;
  /**
   * Signing secrets (`whsec_` + base64 of at least 24 random bytes). Every
   * message is signed with each, so during a rotation the receiver can verify
   * with the old or the new one.
   */
  readonly secrets: readonly string[];
  /**
   * The body's shape: `reverify` (default, the contract's `WebhookPayload`)
   * or `vecu`, the VECU seed's (`verificationId`, `status`, reasons as
   * `{ code, description }`, `error` on `reverification.failed`), also signed
   * with the seed-style `X-Signature: sha256=<hex>` over
   * `` `${X-Timestamp}.${body}` ``, for a receiver written against the seed.
   */
  readonly format?: WebhookFormat;
}

/** A validated endpoint with its stable id. */
export interface WebhookEndpoint extends WebhookEndpointConfig {
  /** `we_` + a hash of the URL: stable across restarts. */
  readonly id: string;
  readonly format: WebhookFormat;
}

/**
 * Validates endpoint configuration; throws {@link ReverifyConfigError} on a
 * mistake. With `publicOnly` (production's default) an endpoint must be a
 * public host without credentials in its URL.
 */
export function resolveEndpoints(
  configs: readonly WebhookEndpointConfig[],
  mode: 'sandbox' | 'production',
  publicOnly: boolean,
): WebhookEndpoint[] {
  const seen = new Set<string>();
  return configs.map((config) => {
    let url: URL;
    try {
      url = new URL(config.url);
    } catch {
      throw new ReverifyConfigError(`webhooks: "${config.url}" is not a URL.`);
    }
    if (url.protocol !== 'https:' && (mode === 'production' || url.protocol !== 'http:')) {
      throw new ReverifyConfigError(
        `webhooks: ${config.url} must use https${mode === 'sandbox' ? ' or http' : ''}.`,
      );
    }
    const refusal = publicOnly ? nonPublicUrlReason(url) : null;
    if (refusal) {
      throw new ReverifyConfigError(
        `webhooks: ${url.host} cannot receive webhooks: ${refusal} (set webhooks.allowPrivateNetworks to allow it).`,
      );
    }
    if (config.secrets.length === 0 || config.secrets.length > 2) {
      throw new ReverifyConfigError('webhooks: give one secret, or two while rotating.');
    }
    for (const secret of config.secrets) {
      const raw = secret.startsWith('whsec_')
        ? Buffer.from(secret.slice(6), 'base64')
        : Buffer.alloc(0);
      if (raw.length < 24)
        throw new ReverifyConfigError(
          'webhooks: secrets are whsec_ + base64 of at least 24 random bytes.',
        );
    }
    const id = `we_${createHash('sha256').update(url.href).digest('hex').slice(0, 16)}`;
    if (seen.has(id)) throw new ReverifyConfigError(`webhooks: ${url.href} is listed twice.`);
    seen.add(id);
    const format = config.format ?? 'reverify';
    if (format !== 'reverify' && format !== 'vecu') {
      throw new ReverifyConfigError(
        `webhooks: format must be "reverify" or "vecu", not "${format}".`,
      );
    }
    return { id, url: url.href, secrets: [...config.secrets], format };
  });
}

/** A new signing secret: `whsec_` + base64 of 32 random bytes. */
export function newWebhookSecret(): string {
  return `whsec_${Buffer.from(crypto.getRandomValues(new Uint8Array(32))).toString('base64')}`;
}
