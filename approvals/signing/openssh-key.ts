import { randomBytes } from 'node:crypto';
import { ed25519 } from '@noble/curves/ed25519.js';
import { base64Decode, base64Encode, concatBytes, publicKeyFromRaw, SshReader, sshString, uint32, utf8, type SshPublicKey } from '../../core/index.js';

// The OpenSSH private key file ("openssh-key-v1", PROTOCOL.key), ed25519 and unencrypted:
// what `ssh-keygen -t ed25519 -N ''` writes and what `tollgate approvals keygen` writes.

const BEGIN = '-----BEGIN OPENSSH PRIVATE KEY-----';
const END = '-----END OPENSSH PRIVATE KEY-----';
const AUTH_MAGIC = utf8('openssh-key-v1\0');

export interface Ed25519KeyPair {
  /** The 32-byte seed. */
  secret: Uint8Array;
  publicKey: SshPublicKey;
  comment: string;
}

export function generateKeyPair(comment: string): Ed25519KeyPair {
  const secret = ed25519.utils.randomSecretKey();
  return { secret, publicKey: publicKeyFromRaw(ed25519.getPublicKey(secret)), comment };
}

/** Reads an OpenSSH ed25519 private key; a passphrase-protected one is refused with the way out. */
export function parseOpenSshPrivateKey(text: string, source = 'key file'): Ed25519KeyPair {
  const trimmed = text.trim();
  if (!trimmed.startsWith(BEGIN) || !trimmed.endsWith(END)) throw new Error(`${source}: not an OpenSSH private key (expected ${BEGIN})`);
  const reader = new SshReader(base64Decode(trimmed.slice(BEGIN.length, trimmed.length - END.length)));
  if (reader.raw(AUTH_MAGIC.length).some((b, i) => b !== AUTH_MAGIC[i])) throw new Error(`${source}: not an openssh-key-v1 key`);
  const cipher = reader.text();
  reader.text(); // kdf name
  reader.string(); // kdf options
  if (cipher !== 'none') {
    throw new Error(
      `${source}: the key is passphrase-protected; load it into ssh-agent ("ssh-add ${source}") and sign without --key, or pass --key with the .pub file`,
    );
  }
  if (reader.uint32() !== 1) throw new Error(`${source}: holds more than one key`);
  reader.string(); // public key blob, repeated inside
  const inner = new SshReader(reader.string());
  if (inner.uint32() !== inner.uint32()) throw new Error(`${source}: corrupt (check bytes differ)`);
  const type = inner.text();
  if (type !== 'ssh-ed25519') throw new Error(`${source}: only ssh-ed25519 keys can sign approvals, not ${type}`);
  const pub = inner.string();
  const secretAndPublic = inner.string();
  const comment = inner.text();
  const secret = secretAndPublic.slice(0, 32);
  const derived = ed25519.getPublicKey(secret);
  if (pub.length !== 32 || derived.some((b, i) => b !== pub[i])) throw new Error(`${source}: corrupt (the public key does not match the secret)`);
  return { secret, publicKey: publicKeyFromRaw(pub), comment };
}

export function formatOpenSshPrivateKey(pair: Ed25519KeyPair): string {
  const check = randomBytes(4);
  const pubBlob = pair.publicKey.blob;
  const fields = concatBytes(
    check,
    check,
    sshString('ssh-ed25519'),
    sshString(pair.publicKey.key),
    sshString(concatBytes(pair.secret, pair.publicKey.key)),
    sshString(pair.comment),
  );
  const padLength = (8 - (fields.length % 8)) % 8;
  const padded = concatBytes(
    fields,
    Uint8Array.from({ length: padLength }, (_, i) => i + 1),
  );
  const body = concatBytes(AUTH_MAGIC, sshString('none'), sshString('none'), sshString(''), uint32(1), sshString(pubBlob), sshString(padded));
  return `${BEGIN}\n${base64Encode(body)
    .match(/.{1,70}/g)!
    .join('\n')}\n${END}\n`;
}
