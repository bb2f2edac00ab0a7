import type { FactorToken, TotpSetup } from '@reverify/contract';
import {
  type PublicKeyCredentialCreationOptionsJSON,
  type RegistrationResponseJSON,
  startRegistration,
} from '@simplewebauthn/browser';
import { postJson } from './http.js';
import { webAuthnCeremony } from './methods.js';

/**
 * A factor token from the client token of a reverification a selfie just
 * approved (`POST /v1/client/factors/token`); the handler refuses one for
 * any other reverification (`factor_enrolment_not_allowed`).
 */
export async function factorTokenFor(endpoint: string, clientToken: string): Promise<string> {
  const grant = await postJson<FactorToken>(
    endpoint,
    '/v1/client/factors/token',
    clientToken,
    undefined,
  );
  return grant.factorToken;
}

/**
 * Binds a new passkey to the person of `factorToken`: registration options
 * from the handler, the browser's prompt (user verification required), the
 * answer back.
 *
 * @throws {@link ReverifyError} `passkey_cancelled`, or the handler's code.
 */
export async function registerPasskey(endpoint: string, factorToken: string): Promise<void> {
  const optionsJSON = await postJson<PublicKeyCredentialCreationOptionsJSON>(
    endpoint,
    '/v1/factors/passkeys/options',
    factorToken,
    undefined,
  );
  const response: RegistrationResponseJSON = await webAuthnCeremony(() =>
    startRegistration({ optionsJSON }),
  );
  await postJson(endpoint, '/v1/factors/passkeys', factorToken, { response });
}

/** Starts an authenticator-app set-up: the secret to scan, unconfirmed until {@link confirmTotp}. */
export function setupTotp(endpoint: string, factorToken: string): Promise<TotpSetup> {
  return postJson(endpoint, '/v1/factors/totp', factorToken, undefined);
}

/** Confirms an authenticator-app set-up with the first code it shows. */
export async function confirmTotp(
  endpoint: string,
  factorToken: string,
  code: string,
): Promise<void> {
  await postJson(endpoint, '/v1/factors/totp/confirm', factorToken, { code });
}
