import { createPrivateKey, createPublicKey, generateKeyPairSync, randomUUID, sign, verify, type KeyObject } from 'node:crypto';
import { existsSync, linkSync, mkdirSync, readFileSync, statSync, unlinkSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { canonicalJson } from '../core/index.js';
import { addTrustedWriter, writerKeyId } from './trusted-writers.js';

/** What a writer signs: the head of the log as it left it. */
export interface CheckpointClaim {
  seq: number;
  hash: string;
  at: string;
}

/** A signed head, stored next to the records it covers. */
export interface Checkpoint extends CheckpointClaim {
  keyId: string;
  /** base64url of the raw 32-byte ed25519 public key, so a reader can say which key signed. */
  publicKey: string;
  /** base64url ed25519 signature over canonicalJson({seq, hash, at}). */
  signature: string;
}

export function checkpointMessage(claim: CheckpointClaim): Buffer {
  return Buffer.from(canonicalJson({ seq: claim.seq, hash: claim.hash, at: claim.at }), 'utf8');
}

// Verify checks one signature per record: importing the same few writer keys once each keeps that cheap.
const publicKeys = new Map<string, KeyObject>();

export function publicKeyObject(publicKey: string): KeyObject {
  let key = publicKeys.get(publicKey);
  if (!key) {
    key = createPublicKey({ key: { kty: 'OKP', crv: 'Ed25519', x: publicKey }, format: 'jwk' });
    publicKeys.set(publicKey, key);
  }
  return key;
}

/** True when `signature` is a valid signature of the claim by `publicKey`; malformed input is false, never a throw. */
export function checkpointSignatureValid(claim: CheckpointClaim, publicKey: string, signature: string): boolean {
  try {
    return verify(null, checkpointMessage(claim), publicKeyObject(publicKey), Buffer.from(signature, 'base64url'));
  } catch {
    return false;
  }
}

/** One writer's ed25519 key: every append it makes is followed by a checkpoint it signs. */
export class WriterKey {
  readonly publicKey: string;
  readonly keyId: string;

  private constructor(private readonly privateKey: KeyObject) {
    const jwk = createPublicKey(privateKey).export({ format: 'jwk' });
    if (!jwk.x) throw new Error('writer key: not an ed25519 key');
    this.publicKey = jwk.x;
    this.keyId = writerKeyId(this.publicKey);
  }

  /** A key that lives only in memory (tests, throwaway runs). */
  static generate(): WriterKey {
    return new WriterKey(generateKeyPairSync('ed25519').privateKey);
  }

  /**
   * The key in `path` (PKCS#8 PEM, mode 0600), created on first use. A new key is added to
   * `trustFile` (trust on first use); a key file others can read is refused, as ssh does.
   */
  static loadOrCreate(path: string, trustFile?: string): WriterKey {
    if (!existsSync(path)) {
      mkdirSync(dirname(path), { recursive: true });
      const { privateKey } = generateKeyPairSync('ed25519');
      // Written whole under a private name, then linked into place: two workers starting at once on one
      // home agree on whichever key was linked first, and neither ever reads a half-written file.
      const draft = `${path}.${process.pid}.${randomUUID()}`;
      writeFileSync(draft, privateKey.export({ format: 'pem', type: 'pkcs8' }), { flag: 'wx', mode: 0o600 });
      try {
        linkSync(draft, path);
        const key = new WriterKey(privateKey);
        if (trustFile) addTrustedWriter(trustFile, { keyId: key.keyId, publicKey: key.publicKey, addedBy: path });
        return key;
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      } finally {
        unlinkSync(draft);
      }
    }
    const mode = statSync(path).mode & 0o077;
    if (mode !== 0)
      throw new Error(`audit writer key ${path} is readable by others (mode ${(statSync(path).mode & 0o777).toString(8)}): run chmod 600 ${path}`);
    try {
      return new WriterKey(createPrivateKey(readFileSync(path, 'utf8')));
    } catch (error) {
      throw new Error(`audit writer key ${path} is not an ed25519 PKCS#8 PEM key (${(error as Error).message}): move it away to have a new one made`);
    }
  }

  sign(claim: CheckpointClaim): Checkpoint {
    const signature = sign(null, checkpointMessage(claim), this.privateKey).toString('base64url');
    return { seq: claim.seq, hash: claim.hash, at: claim.at, keyId: this.keyId, publicKey: this.publicKey, signature };
  }
}
