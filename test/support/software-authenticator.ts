import { createHash, generateKeyPairSync, randomBytes, sign, type KeyObject } from 'node:crypto';
import type { AuthenticationResponseJSON, RegistrationResponseJSON } from '@simplewebauthn/server';
import { base64urlDecode, base64urlEncode, passkeyChallenge, type PasskeyAssertion, type SignedDecision } from '../../core/index.js';
import { encodeCbor } from './cbor-encode.js';

// A software authenticator: real key pairs from node:crypto (P-256 or Ed25519) producing the
// byte structures a browser passes on from a platform authenticator: a "none" attestation
// object with attested credential data on registration, and authenticator data + client data +
// signature on assertion. An in-process stand-in for a hardware authenticator (none can run
// here); the browser's own virtual authenticator is exercised by the console's Playwright tests.

const sha256 = (data: Uint8Array | string) => new Uint8Array(createHash('sha256').update(data).digest());
const FLAGS = { UP: 0x01, UV: 0x04, AT: 0x40 };

export interface SoftwareCredential {
  credentialId: string;
  algorithm: -7 | -8;
  privateKey: KeyObject;
  cosePublicKey: Uint8Array;
  userHandle: string;
  rpId: string;
}

export interface AssertOptions {
  /** Default: user present and verified. */
  flags?: number;
  /** Default: webauthn.get */
  type?: string;
}

export class SoftwareAuthenticator {
  readonly credentials: SoftwareCredential[] = [];
  private signCount = 0;

  constructor(readonly origin: string) {}

  /** Answers `navigator.credentials.create()` options with a new credential (attestation "none"). */
  register(
    options: { challenge: string; rp: { id?: string }; user: { id: string }; pubKeyCredParams: { alg: number }[] },
    algorithm: -7 | -8 = -7,
  ): RegistrationResponseJSON {
    const rpId = options.rp.id!;
    if (!options.pubKeyCredParams.some((p) => p.alg === algorithm)) throw new Error(`the options do not offer algorithm ${algorithm}`);
    const { privateKey, cosePublicKey } = newKey(algorithm);
    const credentialIdBytes = new Uint8Array(randomBytes(32));
    const credentialId = base64urlEncode(credentialIdBytes);
    this.credentials.push({ credentialId, algorithm, privateKey, cosePublicKey, userHandle: options.user.id, rpId });
    const attested = concat(new Uint8Array(16), Uint8Array.of(0, credentialIdBytes.length), credentialIdBytes, cosePublicKey);
    const authData = concat(sha256(rpId), Uint8Array.of(FLAGS.UP | FLAGS.UV | FLAGS.AT), this.counter(), attested);
    const clientDataJSON = JSON.stringify({ type: 'webauthn.create', challenge: options.challenge, origin: this.origin, crossOrigin: false });
    const attestationObject = encodeCbor({ fmt: 'none', attStmt: {}, authData });
    return {
      id: credentialId,
      rawId: credentialId,
      type: 'public-key',
      clientExtensionResults: {},
      response: {
        clientDataJSON: base64urlEncode(new TextEncoder().encode(clientDataJSON)),
        attestationObject: base64urlEncode(attestationObject),
        transports: ['internal'],
      },
    };
  }

  /** Answers `navigator.credentials.get()` for `challenge` with one of this authenticator's credentials. */
  assertChallenge(credentialId: string, challenge: string, options: AssertOptions = {}): AuthenticationResponseJSON {
    const credential = this.credentials.find((c) => c.credentialId === credentialId);
    if (!credential) throw new Error(`no credential ${credentialId}`);
    const authData = concat(sha256(credential.rpId), Uint8Array.of(options.flags ?? FLAGS.UP | FLAGS.UV), this.counter());
    const clientDataBytes = new TextEncoder().encode(
      JSON.stringify({ type: options.type ?? 'webauthn.get', challenge, origin: this.origin, crossOrigin: false }),
    );
    const signed = concat(authData, sha256(clientDataBytes));
    const signature = credential.algorithm === -7 ? sign('sha256', signed, credential.privateKey) : sign(null, signed, credential.privateKey);
    return {
      id: credentialId,
      rawId: credentialId,
      type: 'public-key',
      clientExtensionResults: {},
      response: {
        authenticatorData: base64urlEncode(authData),
        clientDataJSON: base64urlEncode(clientDataBytes),
        signature: base64urlEncode(new Uint8Array(signature)),
        userHandle: credential.userHandle,
      },
    };
  }

  /** A `decide` payload's `passkey` signing these fields. */
  assert(credentialId: string, fields: SignedDecision, options: AssertOptions = {}): PasskeyAssertion {
    const response = this.assertChallenge(credentialId, passkeyChallenge(fields), options);
    return {
      credentialId: response.rawId,
      authenticatorData: response.response.authenticatorData,
      clientDataJSON: response.response.clientDataJSON,
      signature: response.response.signature,
      userHandle: response.response.userHandle!,
    };
  }

  private counter(): Uint8Array {
    this.signCount += 1;
    const n = this.signCount;
    return Uint8Array.of((n >>> 24) & 0xff, (n >>> 16) & 0xff, (n >>> 8) & 0xff, n & 0xff);
  }
}

function newKey(algorithm: -7 | -8): { privateKey: KeyObject; cosePublicKey: Uint8Array } {
  if (algorithm === -7) {
    const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
    const jwk = publicKey.export({ format: 'jwk' });
    const cose = new Map<number, number | Uint8Array>([
      [1, 2],
      [3, -7],
      [-1, 1],
      [-2, base64urlDecode(jwk.x!)],
      [-3, base64urlDecode(jwk.y!)],
    ]);
    return { privateKey, cosePublicKey: encodeCbor(cose) };
  }
  const { privateKey, publicKey } = generateKeyPairSync('ed25519');
  const jwk = publicKey.export({ format: 'jwk' });
  const cose = new Map<number, number | Uint8Array>([
    [1, 1],
    [3, -8],
    [-1, 6],
    [-2, base64urlDecode(jwk.x!)],
  ]);
  return { privateKey, cosePublicKey: encodeCbor(cose) };
}

function concat(...parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}
