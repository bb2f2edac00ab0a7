import { createHash, generateKeyPairSync, type KeyObject, randomBytes, sign } from 'node:crypto';

type Cbor = number | Uint8Array | string | Map<number | string, Cbor>;

/** The few CBOR items WebAuthn's attestation needs (RFC 8949): ints, bytes, text, maps. */
function cbor(value: Cbor): Buffer {
  const head = (major: number, length: number) => {
    if (length < 24) return Buffer.from([(major << 5) | length]);
    if (length < 256) return Buffer.from([(major << 5) | 24, length]);
    const out = Buffer.alloc(3);
    out[0] = (major << 5) | 25;
    out.writeUInt16BE(length, 1);
    return out;
  };
  if (typeof value === 'number') return value >= 0 ? head(0, value) : head(1, -1 - value);
  if (typeof value === 'string') {
    const bytes = Buffer.from(value, 'utf8');
    return Buffer.concat([head(3, bytes.length), bytes]);
  }
  if (value instanceof Uint8Array) return Buffer.concat([head(2, value.length), value]);
  const parts: Uint8Array[] = [head(5, value.size)];
  for (const [key, item] of value) parts.push(cbor(key), cbor(item));
  return Buffer.concat(parts);
}

const b64url = (bytes: Uint8Array) => Buffer.from(bytes).toString('base64url');
const sha256 = (bytes: Uint8Array | string) => createHash('sha256').update(bytes).digest();

/** Authenticator-data flags (WebAuthn §6.1). */
const UP = 0x01;
const UV = 0x04;
const AT = 0x40;

/** What one answer may do differently from an honest authenticator. */
export interface AnswerOptions {
  /** The page origin the browser reports. Default: the authenticator's. */
  readonly origin?: string;
  /** The RP id whose hash goes into the authenticator data. Default: the authenticator's. */
  readonly rpId?: string;
  /** Whether the user was verified (PIN, biometrics). Default `true`. */
  readonly userVerified?: boolean;
  /** The signature counter to report. Default: one more than the last. */
  readonly counter?: number;
}

/**
 * A software WebAuthn authenticator for handler tests, following the
 * WebAuthn Level 3 formats: ES256 (P-256) credentials, `none` attestation,
 * the JSON that `@simplewebauthn/browser` sends. The end-to-end tests use
 * Chromium's own virtual authenticator instead.
 */
export class SoftAuthenticator {
  readonly credentialId = randomBytes(16);
  readonly #privateKey: KeyObject;
  readonly #publicJwk: { x: string; y: string };
  #counter = 0;

  constructor(
    readonly origin: string,
    readonly rpId: string,
  ) {
    const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
    this.#privateKey = privateKey;
    this.#publicJwk = publicKey.export({ format: 'jwk' }) as { x: string; y: string };
  }

  /** The credential id as the handler lists it. */
  get id(): string {
    return b64url(this.credentialId);
  }

  #clientData(type: string, challenge: string, options: AnswerOptions): Buffer {
    return Buffer.from(
      JSON.stringify({
        type,
        challenge,
        origin: options.origin ?? this.origin,
        crossOrigin: false,
      }),
    );
  }

  #authData(flags: number, options: AnswerOptions, attested?: Buffer): Buffer {
    this.#counter = options.counter ?? this.#counter + 1;
    const count = Buffer.alloc(4);
    count.writeUInt32BE(this.#counter);
    const verified = options.userVerified === false ? 0 : UV;
    return Buffer.concat([
      sha256(options.rpId ?? this.rpId),
      Buffer.from([flags | UP | verified]),
      count,
      ...(attested ? [attested] : []),
    ]);
  }

  /** A registration answer to `navigator.credentials.create()` options, as JSON. */
  register(options: { challenge: string }, answer: AnswerOptions = {}): Record<string, unknown> {
    const coseKey = cbor(
      new Map<number, Cbor>([
        [1, 2],
        [3, -7],
        [-1, 1],
        [-2, Buffer.from(this.#publicJwk.x, 'base64url')],
        [-3, Buffer.from(this.#publicJwk.y, 'base64url')],
      ]),
    );
    const length = Buffer.alloc(2);
    length.writeUInt16BE(this.credentialId.length);
    const attested = Buffer.concat([Buffer.alloc(16), length, this.credentialId, coseKey]);
    const attestationObject = cbor(
      new Map<string, Cbor>([
        ['fmt', 'none'],
        ['attStmt', new Map()],
        ['authData', this.#authData(AT, { ...answer, counter: answer.counter ?? 0 }, attested)],
      ]),
    );
    return {
      id: this.id,
      rawId: this.id,
      type: 'public-key',
      response: {
        clientDataJSON: b64url(this.#clientData('webauthn.create', options.challenge, answer)),
        attestationObject: b64url(attestationObject),
        transports: ['internal'],
      },
      clientExtensionResults: {},
      authenticatorAttachment: 'platform',
    };
  }

  /** An authentication answer to `navigator.credentials.get()` options, as JSON. */
  authenticate(
    options: { challenge: string },
    answer: AnswerOptions = {},
  ): Record<string, unknown> {
    const clientData = this.#clientData('webauthn.get', options.challenge, answer);
    const authenticatorData = this.#authData(0, answer);
    const signature = sign(
      'sha256',
      Buffer.concat([authenticatorData, sha256(clientData)]),
      this.#privateKey,
    );
    return {
      id: this.id,
      rawId: this.id,
      type: 'public-key',
      response: {
        clientDataJSON: b64url(clientData),
        authenticatorData: b64url(authenticatorData),
        signature: b64url(signature),
      },
      clientExtensionResults: {},
      authenticatorAttachment: 'platform',
    };
  }
}
