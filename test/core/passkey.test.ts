import { describe, expect, it } from 'vitest';
import {
  base64urlDecode,
  base64urlEncode,
  parseDecideInput,
  passkeyChallenge,
  signatureRefusal,
  verifyPasskeyAssertion,
  type SignedDecision,
} from '../../core/index.js';
import { approverPasskey, TEST_RELYING_PARTY } from '../support/passkeys.js';

const fields: SignedDecision = {
  workflowId: 'finding-i-0abc',
  proposalHash: 'a'.repeat(64),
  decision: 'approve',
  approver: 'alice@example.com',
  reason: 'checked the CPU chart',
  at: '2026-03-01T09:00:00.000Z',
};

describe('verifyPasskeyAssertion', () => {
  for (const algorithm of [-7, -8] as const) {
    it(`accepts a genuine assertion over the decision (${algorithm === -7 ? 'ES256' : 'EdDSA'})`, () => {
      const { authenticator, enrolled } = approverPasskey(fields.approver, algorithm);
      const assertion = authenticator.assert(enrolled.credentialId, fields);
      expect(verifyPasskeyAssertion(assertion, fields, [enrolled], TEST_RELYING_PARTY)).toEqual({ ok: true });
    });
  }

  it('binds the challenge to the canonical JSON of the six fields', () => {
    expect(passkeyChallenge(fields)).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(passkeyChallenge({ ...fields, reason: 'other' })).not.toBe(passkeyChallenge(fields));
    expect(passkeyChallenge({ ...fields })).toBe(passkeyChallenge(fields));
  });

  it('refuses a passkey not enrolled for the approver', () => {
    const alice = approverPasskey(fields.approver);
    const mallory = approverPasskey(fields.approver);
    const assertion = mallory.authenticator.assert(mallory.enrolled.credentialId, fields);
    const result = verifyPasskeyAssertion(assertion, fields, [alice.enrolled], TEST_RELYING_PARTY);
    expect(result).toMatchObject({ ok: false, reason: expect.stringContaining('not a passkey enrolled for alice@example.com') });
  });

  it('refuses a credential id swapped onto another enrolled key', () => {
    const a = approverPasskey(fields.approver);
    const b = approverPasskey(fields.approver);
    const assertion = b.authenticator.assert(b.enrolled.credentialId, fields);
    const swapped = { ...b.enrolled, publicKey: a.enrolled.publicKey };
    expect(verifyPasskeyAssertion(assertion, fields, [swapped], TEST_RELYING_PARTY)).toMatchObject({
      ok: false,
      reason: expect.stringContaining('does not match'),
    });
  });

  it('refuses another origin, another rpId, another type, and missing user verification or presence', () => {
    const { authenticator, enrolled } = approverPasskey(fields.approver);
    const assertion = authenticator.assert(enrolled.credentialId, fields);
    expect(verifyPasskeyAssertion(assertion, fields, [enrolled], { ...TEST_RELYING_PARTY, origins: ['https://evil.example'] })).toMatchObject({
      ok: false,
      reason: expect.stringContaining('origin'),
    });
    expect(
      verifyPasskeyAssertion(assertion, fields, [{ ...enrolled, rpId: 'evil.example' }], { rpId: 'evil.example', origins: TEST_RELYING_PARTY.origins }),
    ).toMatchObject({
      ok: false,
      reason: expect.stringContaining('another relying party'),
    });
    expect(verifyPasskeyAssertion(assertion, fields, [enrolled], { rpId: 'tollgate.example', origins: TEST_RELYING_PARTY.origins })).toMatchObject({
      ok: false,
      reason: expect.stringContaining('registered for localhost'),
    });
    const create = authenticator.assert(enrolled.credentialId, fields, { type: 'webauthn.create' });
    expect(verifyPasskeyAssertion(create, fields, [enrolled], TEST_RELYING_PARTY)).toMatchObject({
      ok: false,
      reason: expect.stringContaining('webauthn.get'),
    });
    const unverified = authenticator.assert(enrolled.credentialId, fields, { flags: 0x01 });
    expect(verifyPasskeyAssertion(unverified, fields, [enrolled], TEST_RELYING_PARTY)).toMatchObject({
      ok: false,
      reason: expect.stringContaining('verify the user'),
    });
    const absent = authenticator.assert(enrolled.credentialId, fields, { flags: 0x04 });
    expect(verifyPasskeyAssertion(absent, fields, [enrolled], TEST_RELYING_PARTY)).toMatchObject({ ok: false, reason: expect.stringContaining('present') });
  });

  it('refuses an assertion made for another user handle', () => {
    const { authenticator, enrolled } = approverPasskey('bob@example.com');
    const assertion = authenticator.assert(enrolled.credentialId, fields);
    expect(verifyPasskeyAssertion(assertion, fields, [enrolled], TEST_RELYING_PARTY)).toMatchObject({
      ok: false,
      reason: expect.stringContaining('another user'),
    });
  });

  it('refuses malformed input without throwing', () => {
    const { enrolled } = approverPasskey(fields.approver);
    const junk = { credentialId: enrolled.credentialId, authenticatorData: 'x'.repeat(60), clientDataJSON: 'e30', signature: 'AAAA' };
    expect(verifyPasskeyAssertion(junk, fields, [enrolled], TEST_RELYING_PARTY).ok).toBe(false);
    expect(verifyPasskeyAssertion({ ...junk, signature: 'AA==' }, fields, [enrolled], TEST_RELYING_PARTY)).toMatchObject({
      ok: false,
      reason: expect.stringContaining('malformed'),
    });
  });
});

describe('base64url', () => {
  it('round-trips and refuses non-canonical text', () => {
    const bytes = Uint8Array.of(0xfb, 0xff, 0x01);
    expect(base64urlEncode(bytes)).toBe('-_8B');
    expect(base64urlDecode('-_8B')).toEqual(bytes);
    expect(() => base64urlDecode('AB')).toThrow(/trailing bits/);
    expect(() => base64urlDecode('+/8B')).toThrow(/character/);
  });
});

describe('a passkey approval is a signature', () => {
  const workflowId = fields.workflowId;
  const decision = { proposalHash: fields.proposalHash, decision: 'approve' as const, approver: fields.approver, reason: fields.reason, at: fields.at };

  it('satisfies "signatures required" through signatureRefusal', () => {
    const { authenticator, enrolled } = approverPasskey(fields.approver);
    const passkey = authenticator.assert(enrolled.credentialId, fields);
    expect(signatureRefusal({ ...decision, passkey }, workflowId, [], false, { credentials: [enrolled], relyingParty: TEST_RELYING_PARTY })).toBeUndefined();
    expect(signatureRefusal({ ...decision, passkey }, 'finding-other', [], false, { credentials: [enrolled], relyingParty: TEST_RELYING_PARTY })).toMatch(
      /alice@example.com's passkey approval is not valid: the passkey signed another challenge/,
    );
    expect(signatureRefusal({ ...decision, passkey }, workflowId, [], false, { credentials: [enrolled] })).toMatch(/names no console/);
    expect(signatureRefusal({ ...decision, passkey }, workflowId, [], false)).toMatch(/names no console/);
    expect(signatureRefusal({ ...decision, passkey }, workflowId, [], false, { credentials: [], relyingParty: TEST_RELYING_PARTY })).toMatch(
      /no enrolled passkey/,
    );
  });

  it('refuses a decision carrying both proofs', () => {
    const { authenticator, enrolled } = approverPasskey(fields.approver);
    const passkey = authenticator.assert(enrolled.credentialId, fields);
    const raw = { ...decision, passkey, signature: '-----BEGIN SSH SIGNATURE-----\n-----END SSH SIGNATURE-----' };
    expect(parseDecideInput(raw)).toEqual({ ok: false, message: 'send either signature (SSH) or passkey (WebAuthn), not both' });
    expect(signatureRefusal(raw, workflowId, [], false, { credentials: [enrolled], relyingParty: TEST_RELYING_PARTY })).toMatch(/both/);
    expect(parseDecideInput({ ...decision, passkey })).toMatchObject({ ok: true });
    expect(parseDecideInput({ ...decision, passkey: { ...passkey, extra: 1 } })).toMatchObject({ ok: false, message: expect.stringContaining('passkey') });
  });
});
