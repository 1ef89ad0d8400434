import { ed25519 } from '@noble/curves/ed25519.js';
import { sha256, sha512 } from '@noble/hashes/sha2.js';
import { base64Decode, base64Encode, concatBytes, SshReader, sshString, uint32, utf8 } from './ssh-wire.js';

// OpenSSH's signature format (PROTOCOL.sshsig), ed25519 keys only: what `ssh-keygen -Y sign`
// writes and `ssh-keygen -Y verify` reads. Pure and deterministic, so the workflow's validator,
// authorize() and `audit verify` all run the same verifier.

const MAGIC = utf8('SSHSIG');
const KEY_TYPE = 'ssh-ed25519';
const BEGIN = '-----BEGIN SSH SIGNATURE-----';
const END = '-----END SSH SIGNATURE-----';

export interface SshPublicKey {
  /** The 32-byte ed25519 public key. */
  key: Uint8Array;
  /** The key in SSH wire form (what fingerprints and SSHSIG blobs carry). */
  blob: Uint8Array;
  /** `SHA256:…`, as `ssh-keygen -l` prints it. */
  fingerprint: string;
}

export function publicKeyFromBlob(blob: Uint8Array): SshPublicKey {
  const reader = new SshReader(blob);
  const type = reader.text();
  if (type !== KEY_TYPE) throw new Error(`only ssh-ed25519 keys are accepted, not ${type.slice(0, 40)}`);
  const key = reader.string();
  if (key.length !== 32 || !reader.done) throw new Error('malformed ssh-ed25519 key');
  return { key, blob, fingerprint: fingerprintOf(blob) };
}

export function publicKeyFromRaw(key: Uint8Array): SshPublicKey {
  return publicKeyFromBlob(concatBytes(sshString(KEY_TYPE), sshString(key)));
}

/** Parses one `ssh-ed25519 AAAA… comment` line (the .pub file, an authorized_keys entry). */
export function parseSshPublicKey(line: string): SshPublicKey {
  const [type, data] = line.trim().split(/\s+/);
  if (type !== KEY_TYPE || !data) throw new Error(`expected "ssh-ed25519 AAAA…", found "${line.trim().slice(0, 40)}"`);
  const parsed = publicKeyFromBlob(base64Decode(data));
  return parsed;
}

export function formatSshPublicKey(key: SshPublicKey, comment = ''): string {
  return `${KEY_TYPE} ${base64Encode(key.blob)}${comment ? ` ${comment}` : ''}`;
}

export function fingerprintOf(blob: Uint8Array): string {
  return `SHA256:${base64Encode(sha256(blob), false)}`;
}

/** The bytes an SSHSIG signature covers: magic, namespace, reserved, hash algorithm, H(message). */
export function sshsigSignedData(namespace: string, hashAlgorithm: 'sha512' | 'sha256', message: Uint8Array): Uint8Array {
  const digest = hashAlgorithm === 'sha512' ? sha512(message) : sha256(message);
  return concatBytes(MAGIC, sshString(namespace), sshString(''), sshString(hashAlgorithm), sshString(digest));
}

export interface ParsedSshSignature {
  publicKey: SshPublicKey;
  namespace: string;
  hashAlgorithm: 'sha512' | 'sha256';
  signature: Uint8Array;
}

/** Reads an armored SSHSIG; every malformation throws with what is wrong. */
export function parseSshSignature(armored: string): ParsedSshSignature {
  const text = armored.trim();
  if (!text.startsWith(BEGIN) || !text.endsWith(END)) throw new Error(`not an SSH signature: expected ${BEGIN} … ${END}`);
  const reader = new SshReader(base64Decode(text.slice(BEGIN.length, text.length - END.length)));
  const magic = reader.raw(MAGIC.length);
  if (magic.some((b, i) => b !== MAGIC[i])) throw new Error('not an SSH signature: bad magic');
  const version = reader.uint32();
  if (version !== 1) throw new Error(`unsupported SSH signature version ${version}`);
  const publicKey = publicKeyFromBlob(reader.string());
  const namespace = reader.text();
  reader.string(); // reserved
  const hashAlgorithm = reader.text();
  if (hashAlgorithm !== 'sha512' && hashAlgorithm !== 'sha256') throw new Error(`unsupported hash algorithm ${hashAlgorithm.slice(0, 20)}`);
  const sig = new SshReader(reader.string());
  if (sig.text() !== KEY_TYPE) throw new Error('signature is not ssh-ed25519');
  const signature = sig.string();
  if (signature.length !== 64 || !sig.done || !reader.done) throw new Error('malformed ssh-ed25519 signature');
  return { publicKey, namespace, hashAlgorithm, signature };
}

export type SshVerification = { ok: true; fingerprint: string } | { ok: false; reason: string };

/**
 * Verifies an armored SSHSIG over `message` in `namespace`, made by one of `trustedKeys`
 * (`ssh-ed25519 AAAA…` lines). The key inside the signature is only a hint: it must be one of
 * the trusted keys, byte for byte.
 */
export function verifySshSignature(armored: string, message: string, namespace: string, trustedKeys: readonly string[]): SshVerification {
  let parsed: ParsedSshSignature;
  try {
    parsed = parseSshSignature(armored);
  } catch (error) {
    return { ok: false, reason: (error as Error).message };
  }
  if (parsed.namespace !== namespace) return { ok: false, reason: `signature is for namespace "${parsed.namespace.slice(0, 40)}", not "${namespace}"` };
  const trusted = trustedKeys.some((line) => {
    try {
      return equalBytes(parseSshPublicKey(line).blob, parsed.publicKey.blob);
    } catch {
      return false;
    }
  });
  if (!trusted) return { ok: false, reason: `key ${parsed.publicKey.fingerprint} is not a key the policy lists for this approver` };
  const data = sshsigSignedData(namespace, parsed.hashAlgorithm, utf8(message));
  let valid = false;
  try {
    valid = ed25519.verify(parsed.signature, data, parsed.publicKey.key, { zip215: false });
  } catch {
    valid = false;
  }
  return valid
    ? { ok: true, fingerprint: parsed.publicKey.fingerprint }
    : { ok: false, reason: `signature by ${parsed.publicKey.fingerprint} does not match this decision` };
}

/** Wraps a raw ed25519 signature as an armored SSHSIG, as `ssh-keygen -Y sign` prints it. */
export function armorSshSignature(publicKey: SshPublicKey, namespace: string, signature: Uint8Array, hashAlgorithm: 'sha512' | 'sha256' = 'sha512'): string {
  const blob = concatBytes(
    MAGIC,
    uint32(1),
    sshString(publicKey.blob),
    sshString(namespace),
    sshString(''),
    sshString(hashAlgorithm),
    sshString(concatBytes(sshString(KEY_TYPE), sshString(signature))),
  );
  const body = base64Encode(blob)
    .match(/.{1,70}/g)!
    .join('\n');
  return `${BEGIN}\n${body}\n${END}\n`;
}

function equalBytes(a: Uint8Array, b: Uint8Array): boolean {
  return a.length === b.length && a.every((v, i) => v === b[i]);
}
