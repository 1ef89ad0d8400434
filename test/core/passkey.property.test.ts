import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { base64urlDecode, base64urlEncode, verifyPasskeyAssertion, type PasskeyAssertion, type SignedDecision } from '../../core/index.js';
import { approverPasskey, TEST_RELYING_PARTY } from '../support/passkeys.js';

// Any change to what a passkey signed, or to what it is checked against, is refused.

const fields: SignedDecision = {
  workflowId: 'finding-i-0abc',
  proposalHash: 'b'.repeat(64),
  decision: 'approve',
  approver: 'alice@example.com',
  reason: 'fine',
  at: '2026-03-01T09:00:00.000Z',
};
const es256 = approverPasskey(fields.approver, -7);
const eddsa = approverPasskey(fields.approver, -8);
const signers = [es256, eddsa];
const assertions = signers.map((s) => s.authenticator.assert(s.enrolled.credentialId, fields));
const credentials = signers.map((s) => s.enrolled);

function changedByte(text: string, index: number, xor: number): string {
  const bytes = base64urlDecode(text);
  bytes[index % bytes.length]! ^= xor;
  return base64urlEncode(bytes);
}

describe('passkey assertions under tampering', () => {
  it('both genuine assertions verify', () => {
    for (const a of assertions) expect(verifyPasskeyAssertion(a, fields, credentials, TEST_RELYING_PARTY)).toEqual({ ok: true });
  });

  const part = fc.constantFrom<keyof PasskeyAssertion>('authenticatorData', 'clientDataJSON', 'signature');
  it('refuses any single-byte change to authenticatorData, clientDataJSON or signature', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 1 }), part, fc.nat(), fc.integer({ min: 1, max: 255 }), (which, field, index, xor) => {
        const original = assertions[which]!;
        const tampered = { ...original, [field]: changedByte(original[field]!, index, xor) };
        expect(verifyPasskeyAssertion(tampered, fields, credentials, TEST_RELYING_PARTY).ok).toBe(false);
      }),
      { numRuns: 300 },
    );
  });

  it('refuses any change to a signed field', () => {
    const field = fc.constantFrom<keyof SignedDecision>('workflowId', 'proposalHash', 'approver', 'reason', 'at');
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 1 }), field, fc.string({ minLength: 1, maxLength: 20 }), (which, name, suffix) => {
        const changed = { ...fields, [name]: fields[name] + suffix };
        expect(verifyPasskeyAssertion(assertions[which]!, changed, credentials, TEST_RELYING_PARTY).ok).toBe(false);
      }),
      { numRuns: 200 },
    );
    for (const a of assertions) expect(verifyPasskeyAssertion(a, { ...fields, decision: 'reject' }, credentials, TEST_RELYING_PARTY).ok).toBe(false);
  });

  it('refuses any other origin or rpId, and any credential but the one that signed', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 1 }), fc.webUrl({ withQueryParameters: false, withFragments: false }), fc.domain(), (which, origin, rpId) => {
        fc.pre(!TEST_RELYING_PARTY.origins.includes(origin) && rpId !== TEST_RELYING_PARTY.rpId);
        const a = assertions[which]!;
        expect(verifyPasskeyAssertion(a, fields, credentials, { ...TEST_RELYING_PARTY, origins: [origin] }).ok).toBe(false);
        const moved = credentials.map((c) => ({ ...c, rpId }));
        expect(verifyPasskeyAssertion(a, fields, moved, { rpId, origins: TEST_RELYING_PARTY.origins }).ok).toBe(false);
        expect(verifyPasskeyAssertion(a, fields, [credentials[1 - which]!], TEST_RELYING_PARTY).ok).toBe(false);
      }),
      { numRuns: 40 },
    );
  });

  it('refuses an assertion over another challenge', () => {
    fc.assert(
      fc.property(fc.uint8Array({ minLength: 32, maxLength: 32 }), (challenge) => {
        const response = es256.authenticator.assertChallenge(es256.enrolled.credentialId, base64urlEncode(challenge));
        const a = { credentialId: response.rawId, ...response.response };
        expect(verifyPasskeyAssertion(a, fields, credentials, TEST_RELYING_PARTY).ok).toBe(false);
      }),
      { numRuns: 50 },
    );
  });
});
