import { passkeyUserHandle, base64urlEncode, type EnrolledPasskey, type PasskeyRelyingParty } from '../../core/index.js';
import type { Policy } from '../../guardrails/index.js';
import { SoftwareAuthenticator } from './software-authenticator.js';

// Passkeys for tests: one software authenticator per approver, registered for the test console.

export const TEST_RELYING_PARTY: PasskeyRelyingParty = { rpId: 'localhost', origins: ['http://localhost:8080'] };

export interface ApproverPasskey {
  authenticator: SoftwareAuthenticator;
  enrolled: EnrolledPasskey;
}

/** A software authenticator holding one fresh credential for `approver` (registered without the server round trip). */
export function approverPasskey(approver: string, algorithm: -7 | -8 = -7, relyingParty = TEST_RELYING_PARTY): ApproverPasskey {
  const authenticator = new SoftwareAuthenticator(relyingParty.origins[0]!);
  const response = authenticator.register(
    { challenge: 'AAAA', rp: { id: relyingParty.rpId }, user: { id: base64urlEncode(passkeyUserHandle(approver)) }, pubKeyCredParams: [{ alg: algorithm }] },
    algorithm,
  );
  const credential = authenticator.credentials[0]!;
  return {
    authenticator,
    enrolled: { credentialId: response.rawId, publicKey: base64urlEncode(credential.cosePublicKey), rpId: relyingParty.rpId, algorithm },
  };
}

/** The policy with the relying party set and each listed approver's passkey enrolled in it. */
export function withPasskeys(policy: Policy, passkeys: Record<string, ApproverPasskey>, relyingParty = TEST_RELYING_PARTY): Policy {
  const approvers = { ...policy.approvals.approvers };
  for (const [id, { enrolled }] of Object.entries(passkeys)) {
    const entry = approvers[id];
    if (!entry) throw new Error(`${id} is not an approver in the policy`);
    approvers[id] = { ...entry, passkeys: [...(entry.passkeys ?? []), enrolled] };
  }
  return {
    ...policy,
    approvals: { ...policy.approvals, approvers, passkeys: { ...policy.approvals.passkeys, rpId: relyingParty.rpId, origins: relyingParty.origins } },
  };
}
