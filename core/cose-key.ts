import { p256 } from '@noble/curves/nist.js';
import { ed25519 } from '@noble/curves/ed25519.js';
import { decodeCbor, type CborValue } from './cbor.js';

// The COSE public keys (RFC 9053) a passkey registers, in the two algorithms authenticators use:
// ES256 (ECDSA P-256 with SHA-256, every platform authenticator) and EdDSA (Ed25519, some
// security keys). Verification is @noble/curves: pure, synchronous, no WebCrypto, so the
// workflow's validator can run it.

export const COSE_ES256 = -7;
export const COSE_EDDSA = -8;
export type PasskeyAlgorithm = typeof COSE_ES256 | typeof COSE_EDDSA;

export interface CosePublicKey {
  algorithm: PasskeyAlgorithm;
  /** ES256: the uncompressed SEC1 point (0x04‖x‖y); EdDSA: the 32-byte key. */
  key: Uint8Array;
}

// COSE labels: kty 1, alg 3; for EC2/OKP keys crv -1, x -2, y -3.
const KTY = 1;
const ALG = 3;
const CRV = -1;
const X = -2;
const Y = -3;

/** Reads a COSE_Key; anything but an ES256 P-256 or an EdDSA Ed25519 key throws with what it is. */
export function parseCoseKey(bytes: Uint8Array): CosePublicKey {
  const map = decodeCbor(bytes);
  if (!(map instanceof Map)) throw new Error('a COSE key is a CBOR map');
  const alg = map.get(ALG);
  const kty = map.get(KTY);
  const crv = map.get(CRV);
  if (alg === COSE_ES256) {
    if (kty !== 2 || crv !== 1) throw new Error('an ES256 key must be an EC2 key on P-256');
    const x = bytesOf(map.get(X), 32, 'x');
    const y = bytesOf(map.get(Y), 32, 'y');
    const key = new Uint8Array(65);
    key[0] = 4;
    key.set(x, 1);
    key.set(y, 33);
    p256.Point.fromBytes(key).assertValidity(); // throws off the curve
    return { algorithm: COSE_ES256, key };
  }
  if (alg === COSE_EDDSA) {
    if (kty !== 1 || crv !== 6) throw new Error('an EdDSA key must be an OKP key on Ed25519');
    const key = bytesOf(map.get(X), 32, 'x');
    ed25519.Point.fromBytes(key); // throws when not a point
    return { algorithm: COSE_EDDSA, key };
  }
  throw new Error(`COSE algorithm ${String(alg)} is not accepted (ES256 -7 or EdDSA -8)`);
}

/** Whether `signature` is the key's signature over `data` (ES256: DER-encoded, as WebAuthn sends it). */
export function verifyCoseSignature(key: CosePublicKey, signature: Uint8Array, data: Uint8Array): boolean {
  try {
    if (key.algorithm === COSE_ES256) return p256.verify(signature, data, key.key, { prehash: true, format: 'der', lowS: false });
    return ed25519.verify(signature, data, key.key, { zip215: false });
  } catch {
    return false;
  }
}

function bytesOf(value: CborValue, length: number, label: string): Uint8Array {
  if (!(value instanceof Uint8Array) || value.length !== length) throw new Error(`COSE key's ${label} must be ${length} bytes`);
  return value;
}
