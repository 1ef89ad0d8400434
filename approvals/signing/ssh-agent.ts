import { connect } from 'node:net';
import { concatBytes, publicKeyFromBlob, SshReader, sshString, uint32, type SshPublicKey } from '../../core/index.js';

// Just enough of the ssh-agent protocol (draft-miller-ssh-agent) to list keys and sign.
const REQUEST_IDENTITIES = 11;
const IDENTITIES_ANSWER = 12;
const SIGN_REQUEST = 13;
const SIGN_RESPONSE = 14;

async function exchange(socketPath: string, request: Uint8Array): Promise<Uint8Array> {
  return new Promise((resolve, reject) => {
    const socket = connect(socketPath);
    const chunks: Buffer[] = [];
    socket.once('error', (error) => reject(new Error(`ssh-agent at ${socketPath}: ${error.message}`)));
    socket.on('data', (chunk: Buffer) => {
      chunks.push(chunk);
      const all = Buffer.concat(chunks);
      if (all.length >= 4 && all.length >= 4 + all.readUInt32BE(0)) {
        socket.end();
        resolve(new Uint8Array(all.subarray(4, 4 + all.readUInt32BE(0))));
      }
    });
    socket.write(concatBytes(uint32(request.length), request));
  });
}

export interface AgentKey {
  publicKey: SshPublicKey;
  comment: string;
}

/** The ssh-ed25519 keys the agent holds (others are skipped: only ed25519 signs approvals). */
export async function agentKeys(socketPath: string): Promise<AgentKey[]> {
  const reader = new SshReader(await exchange(socketPath, new Uint8Array([REQUEST_IDENTITIES])));
  if (reader.raw(1)[0] !== IDENTITIES_ANSWER) throw new Error('ssh-agent refused to list its keys');
  const keys: AgentKey[] = [];
  for (let n = reader.uint32(); n > 0; n--) {
    const blob = reader.string();
    const comment = reader.text();
    try {
      keys.push({ publicKey: publicKeyFromBlob(blob), comment });
    } catch {
      // not ed25519
    }
  }
  return keys;
}

/** Asks the agent for a raw ed25519 signature over `data` by `key`. */
export async function agentSign(socketPath: string, key: SshPublicKey, data: Uint8Array): Promise<Uint8Array> {
  const request = concatBytes(new Uint8Array([SIGN_REQUEST]), sshString(key.blob), sshString(data), uint32(0));
  const reader = new SshReader(await exchange(socketPath, request));
  if (reader.raw(1)[0] !== SIGN_RESPONSE) throw new Error(`ssh-agent refused to sign with ${key.fingerprint}`);
  const sig = new SshReader(reader.string());
  if (sig.text() !== 'ssh-ed25519') throw new Error('ssh-agent answered with a signature that is not ssh-ed25519');
  return sig.string();
}
