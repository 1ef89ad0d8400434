import { describe, expect, it } from 'vitest';
import {
  PasskeyRegistrationError,
  passkeyAssertionFromResponse,
  passkeyAssertionOptions,
  passkeyPolicySnippet,
  passkeyRegistrationOptions,
  verifyPasskeyRegistration,
} from '../../../approvals/passkeys/index.js';
import { base64urlEncode, passkeyUserHandle, verifyPasskeyAssertion, type SignedDecision } from '../../../core/index.js';
import { PolicySchema } from '../../../guardrails/index.js';
import { SoftwareAuthenticator } from '../../support/software-authenticator.js';
import { parse } from 'yaml';

const rp = { rpId: 'localhost', rpName: 'Tollgate', origin: 'http://localhost:8080' };
const approver = 'alice@example.com';

async function register(algorithm: -7 | -8 = -7, authenticator = new SoftwareAuthenticator(rp.origin)) {
  const options = await passkeyRegistrationOptions({ approver, rpId: rp.rpId, rpName: rp.rpName, existingCredentialIds: ['AAAA'] });
  const response = authenticator.register(options, algorithm);
  return { options, response, authenticator };
}

describe('passkey registration (@simplewebauthn/server)', () => {
  it('offers EdDSA and ES256, requires user verification, and derives the user handle from the approver', async () => {
    const options = await passkeyRegistrationOptions({ approver, rpId: rp.rpId, rpName: rp.rpName, existingCredentialIds: ['AAAA'] });
    expect(options.pubKeyCredParams.map((p) => p.alg)).toEqual([-8, -7]);
    expect(options.authenticatorSelection?.userVerification).toBe('required');
    expect(options.user.id).toBe(base64urlEncode(passkeyUserHandle(approver)));
    expect(options.excludeCredentials).toEqual([{ id: 'AAAA', type: 'public-key' }]);
    expect(options.attestation).toBe('none');
  });

  for (const algorithm of [-7, -8] as const) {
    it(`verifies a genuine registration (${algorithm}) and the passkey then signs a decision that verifies`, async () => {
      const { options, response, authenticator } = await register(algorithm);
      const passkey = await verifyPasskeyRegistration({ response, expectedChallenge: options.challenge, expectedOrigin: rp.origin, rpId: rp.rpId });
      expect(passkey).toMatchObject({ credentialId: response.rawId, rpId: 'localhost', algorithm, backedUp: false, deviceType: 'singleDevice' });

      const fields: SignedDecision = {
        workflowId: 'finding-x',
        proposalHash: 'c'.repeat(64),
        decision: 'approve',
        approver,
        reason: '',
        at: '2026-03-01T09:00:00Z',
      };
      const request = passkeyAssertionOptions(fields, [passkey], rp.rpId);
      expect(request.allowCredentials).toEqual([{ id: passkey.credentialId, type: 'public-key' }]);
      const assertion = passkeyAssertionFromResponse(authenticator.assertChallenge(passkey.credentialId, request.challenge));
      expect(verifyPasskeyAssertion(assertion, fields, [passkey], { rpId: rp.rpId, origins: [rp.origin] })).toEqual({ ok: true });
    });
  }

  it('refuses another challenge, origin or rpId', async () => {
    const { options, response } = await register();
    await expect(verifyPasskeyRegistration({ response, expectedChallenge: options.challenge + 'x', expectedOrigin: rp.origin, rpId: rp.rpId })).rejects.toThrow(
      PasskeyRegistrationError,
    );
    await expect(
      verifyPasskeyRegistration({ response, expectedChallenge: options.challenge, expectedOrigin: 'https://evil.example', rpId: rp.rpId }),
    ).rejects.toThrow(/origin/i);
    await expect(
      verifyPasskeyRegistration({ response, expectedChallenge: options.challenge, expectedOrigin: rp.origin, rpId: 'evil.example' }),
    ).rejects.toThrow(/RP ID/i);
  });

  it('prints a policy entry the policy schema accepts', async () => {
    const { options, response } = await register();
    const passkey = await verifyPasskeyRegistration({ response, expectedChallenge: options.challenge, expectedOrigin: rp.origin, rpId: rp.rpId });
    const snippet = passkeyPolicySnippet(approver, 'finops', passkey);
    const approvers = parse(snippet) as Record<string, unknown>;
    const policy = PolicySchema.parse({ approvals: { approvers, passkeys: { rpId: rp.rpId, origins: [rp.origin] } } });
    expect(policy.approvals.approvers[approver]?.passkeys).toEqual([
      { credentialId: passkey.credentialId, publicKey: passkey.publicKey, rpId: 'localhost', algorithm: -7 },
    ]);
  });

  it('refuses a policy passkey whose public key is not a usable COSE key', () => {
    const result = PolicySchema.safeParse({
      approvals: { approvers: { [approver]: { role: 'finops', passkeys: [{ credentialId: 'AAAA', publicKey: 'AAAA', rpId: 'localhost' }] } } },
    });
    expect(result.success).toBe(false);
    expect(JSON.stringify(result.error?.issues)).toContain('not a usable passkey public key');
  });
});
