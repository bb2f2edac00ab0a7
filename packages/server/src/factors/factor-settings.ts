import type { Notifier } from '../plugin/notifier.js';
import type { SecretBox } from './secret-box.js';

/** The handler's `factors` option: passkeys, the authenticator app and one-time codes. */
export interface FactorOptions {
  /**
   * The WebAuthn relying-party id: your site's registrable domain
   * (`example.com`). Default: the host of the first `allowedOrigins` entry
   * that is a domain (browsers refuse an IP address as an RP ID; with none,
   * passkeys are unavailable).
   */
  readonly rpId?: string;
  /** The name authenticators show. Default `Reverify`. */
  readonly rpName?: string;
  /** The issuer the authenticator app shows. Default: `rpName`. */
  readonly issuer?: string;
  /**
   * The key that encrypts authenticator-app secrets at rest: 32 random
   * bytes as base64 or hex (`openssl rand -base64 32`). Default
   * `$REVERIFY_FACTOR_KEY`. Without one the authenticator app is off, except
   * in sandbox mode, which makes a throwaway key per process.
   */
  readonly secretKey?: string;
  /** Seconds after an approved selfie during which factors may be bound. Default 600. */
  readonly enrolmentWindowSeconds?: number;
  /** One-time codes by SMS or email (sent through `handoff.notifier`). */
  readonly codes?: {
    /** Default 600. */
    readonly lifetimeSeconds?: number;
    /** Wrong codes before a code is burnt. Default 5. */
    readonly maxAttempts?: number;
    /** Codes per person and per destination per hour. Default 5. */
    readonly perHour?: number;
  };
  /** The authenticator app. */
  readonly totp?: {
    /** Wrong codes in a row before the lock-out. Default 5. */
    readonly maxFailures?: number;
    /** Seconds of the lock-out. Default 900. */
    readonly lockoutSeconds?: number;
  };
}

/** The factor settings the core runs with, defaults filled in. */
export interface FactorSettings {
  /** `null` when no origin names one: passkeys are then unavailable. */
  readonly rpId: string | null;
  readonly rpName: string;
  readonly issuer: string;
  /** The page origins a WebAuthn answer may come from. */
  readonly origins: readonly string[];
  /** `null`: the authenticator app is unavailable. */
  readonly box: SecretBox | null;
  /** `null`: codes are unavailable. */
  readonly notifier: Notifier | null;
  readonly enrolmentWindowSeconds: number;
  /** Lifetime of factor tokens and WebAuthn challenges. */
  readonly factorTokenSeconds: number;
  readonly challengeSeconds: number;
  readonly codes: {
    readonly lifetimeSeconds: number;
    readonly maxAttempts: number;
    readonly perHour: number;
  };
  readonly totp: { readonly maxFailures: number; readonly lockoutSeconds: number };
}

/** Whether a URL's hostname is a domain, which WebAuthn requires of an RP ID (an IP address is not). */
function isDomain(hostname: string): boolean {
  return !/^\d+\.\d+\.\d+\.\d+$/.test(hostname) && !hostname.startsWith('[');
}

/** Whether `origin`'s host is `rpId` or under it, as WebAuthn requires. */
function underRpId(origin: string, rpId: string): boolean {
  const host = new URL(origin).hostname;
  return host === rpId || host.endsWith(`.${rpId}`);
}

/** The factor settings from the handler's options. */
export function resolveFactorSettings(
  options: FactorOptions | undefined,
  context: {
    readonly allowedOrigins: readonly string[];
    readonly box: SecretBox | null;
    readonly notifier: Notifier | null;
  },
): FactorSettings {
  const named = context.allowedOrigins.map((origin) => new URL(origin).hostname).find(isDomain);
  const rpId = options?.rpId ?? named ?? null;
  const rpName = options?.rpName ?? 'Reverify';
  return {
    rpId,
    rpName,
    issuer: options?.issuer ?? rpName,
    origins: rpId ? context.allowedOrigins.filter((origin) => underRpId(origin, rpId)) : [],
    box: context.box,
    notifier: context.notifier,
    enrolmentWindowSeconds: options?.enrolmentWindowSeconds ?? 600,
    factorTokenSeconds: 600,
    challengeSeconds: 120,
    codes: {
      lifetimeSeconds: options?.codes?.lifetimeSeconds ?? 600,
      maxAttempts: options?.codes?.maxAttempts ?? 5,
      perHour: options?.codes?.perHour ?? 5,
    },
    totp: {
      maxFailures: options?.totp?.maxFailures ?? 5,
      lockoutSeconds: options?.totp?.lockoutSeconds ?? 900,
    },
  };
}
