import { readFileSync } from 'node:fs';
import { ed25519 } from '@noble/curves/ed25519.js';
import {
  APPROVAL_NAMESPACE,
  approvalMessage,
  armorSshSignature,
  parseSshPublicKey,
  sshsigSignedData,
  utf8,
  type SignedDecision,
  type SshPublicKey,
} from '../../core/index.js';
import { parseOpenSshPrivateKey, type Ed25519KeyPair } from './openssh-key.js';
import { agentKeys, agentSign } from './ssh-agent.js';

/** Signs the canonical approval message as an SSHSIG in the `tollgate` namespace. */
export interface ApprovalSigner {
  publicKey: SshPublicKey;
  sign(decision: SignedDecision): Promise<string>;
}

/** The armored SSHSIG of one decision by a private key held in memory. */
export function signWithKeyPair(pair: Ed25519KeyPair, decision: SignedDecision): string {
  const data = sshsigSignedData(APPROVAL_NAMESPACE, 'sha512', utf8(approvalMessage(decision)));
  return armorSshSignature(pair.publicKey, APPROVAL_NAMESPACE, ed25519.sign(data, pair.secret));
}

/** Signs with a private key held in memory (a key file, the Slack app's key). */
export function keyPairSigner(pair: Ed25519KeyPair): ApprovalSigner {
  return { publicKey: pair.publicKey, sign: async (decision) => signWithKeyPair(pair, decision) };
}

/** Signs through ssh-agent with the given key (its private half never leaves the agent). */
export function agentSigner(socketPath: string, publicKey: SshPublicKey): ApprovalSigner {
  return {
    publicKey,
    sign: async (decision) => {
      const data = sshsigSignedData(APPROVAL_NAMESPACE, 'sha512', utf8(approvalMessage(decision)));
      return armorSshSignature(publicKey, APPROVAL_NAMESPACE, await agentSign(socketPath, publicKey, data));
    },
  };
}

/**
 * The signer for `approvals approve`: `--key FILE` (an unencrypted private key, or a .pub whose
 * private half is in ssh-agent), else the agent key that the policy lists for this approver.
 */
export async function resolveSigner(options: {
  keyFile?: string;
  agentSocket?: string;
  approverKeys: readonly string[];
  approver: string;
}): Promise<ApprovalSigner> {
  const { keyFile, agentSocket, approverKeys, approver } = options;
  if (keyFile) {
    const text = readFileSync(keyFile, 'utf8');
    if (!text.trimStart().startsWith('ssh-ed25519 ')) return keyPairSigner(parseOpenSshPrivateKey(text, keyFile));
    if (!agentSocket) throw new Error(`${keyFile} is a public key: its private half must be in ssh-agent, and SSH_AUTH_SOCK is not set`);
    return agentSigner(agentSocket, parseSshPublicKey(text));
  }
  if (!agentSocket) throw new Error('no key to sign with: pass --key FILE (your ed25519 private key) or start ssh-agent and ssh-add it');
  const listed = approverKeys.map((line) => parseSshPublicKey(line).fingerprint);
  const match = (await agentKeys(agentSocket)).find((k) => listed.includes(k.publicKey.fingerprint));
  if (!match) throw new Error(`ssh-agent holds none of the keys the policy lists for ${approver}; ssh-add your key or pass --key FILE`);
  return agentSigner(agentSocket, match.publicKey);
}
