import { afterEach, describe, expect, it } from 'vitest';
import {
  approvedPasskeys,
  decisionOf,
  EnrollmentRefused,
  enrollmentSignedFields,
  PasskeyEnrollmentStore,
  type PasskeyEnrollment,
} from '../../../approvals/passkeys/index.js';
import { signWithKeyPair } from '../../../approvals/signing/approval-signer.js';
import { approvalRequirement, PolicySchema, policyWithPasskeys, type Policy } from '../../../guardrails/index.js';
import { keyPairOf, withApproverKeys } from '../../support/approver-keys.js';
import { approverPasskey, TEST_RELYING_PARTY } from '../../support/passkeys.js';
import { sampleEstate } from '../../support/world.js';

const AT = '2026-03-01T09:00:00.000Z';
const policy: Policy = withApproverKeys(
  PolicySchema.parse({
    approvals: {
      approvers: { alice: 'finops', bob: 'platform', carol: 'finops' },
      passkeys: { rpId: TEST_RELYING_PARTY.rpId, origins: TEST_RELYING_PARTY.origins, admins: ['bob', 'carol'] },
    },
  }),
);

/** An admin's signature over a decision on the enrollment, made with their generated SSH key. */
function signedBy(admin: string, e: PasskeyEnrollment, action: 'approve' | 'revoke', reason = '') {
  const signed = { admin, at: AT, reason };
  return { ...signed, signature: signWithKeyPair(keyPairOf(admin), enrollmentSignedFields(decisionOf(e, action, signed))) };
}

let store: PasskeyEnrollmentStore;
afterEach(() => store?.close());

describe('passkey enrollments approved by a signed admin command', () => {
  it('an admin other than the owner approves; the passkey then counts in the approval requirement', () => {
    store = new PasskeyEnrollmentStore(':memory:');
    const alice = approverPasskey('alice');
    const pending = store.request('alice', alice.enrolled, AT);
    expect(pending.status).toBe('pending');
    expect(approvedPasskeys(store.list(), policy)).toEqual({});

    const approved = store.approve(pending.id, signedBy('bob', pending, 'approve', 'met her in person'), policy);
    expect(approved).toMatchObject({ status: 'approved', approval: { admin: 'bob', reason: 'met her in person' } });
    const trusted = approvedPasskeys(store.list(), policy);
    expect(trusted).toEqual({ alice: [alice.enrolled] });
    const resource = sampleEstate().resources[0]!;
    expect(approvalRequirement(resource, policyWithPasskeys(policy, trusted)).passkeys?.alice).toEqual([alice.enrolled]);
  });

  it('refuses self-approval, a non-admin, a forged or misbound signature, and leaves the enrollment pending', () => {
    store = new PasskeyEnrollmentStore(':memory:');
    const bobsKey = approverPasskey('bob');
    const e = store.request('bob', bobsKey.enrolled, AT);
    const refuse = (signed: ReturnType<typeof signedBy>) => {
      expect(() => store.approve(e.id, signed, policy)).toThrow(EnrollmentRefused);
      try {
        store.approve(e.id, signed, policy);
      } catch (error) {
        return (error as Error).message;
      }
      return '';
    };
    expect(refuse(signedBy('bob', e, 'approve'))).toBe('bob cannot approve their own passkey: another admin must');
    expect(refuse(signedBy('alice', e, 'approve'))).toMatch(/alice is not a passkey admin/);
    // carol's name, alice's key
    expect(refuse({ ...signedBy('alice', e, 'approve'), admin: 'carol' })).toMatch(/carol's signature is not valid: .*not a key the policy lists/);
    // carol's signature over another passkey, or a revocation, does not approve this one
    const other = { ...e, passkey: approverPasskey('bob').enrolled };
    expect(refuse(signedBy('carol', other, 'approve'))).toMatch(/does not match/);
    expect(refuse({ ...signedBy('carol', e, 'revoke'), reason: '' })).toMatch(/does not match/);
    expect(store.get(e.id)?.status).toBe('pending');

    store.approve(e.id, signedBy('carol', e, 'approve'), policy);
    expect(() => store.approve(e.id, signedBy('carol', e, 'approve'), policy)).toThrow(/is approved, not pending/);
  });

  it('a revoked enrollment, or one whose admin left the admins, no longer counts', () => {
    store = new PasskeyEnrollmentStore(':memory:');
    const a = store.request('alice', approverPasskey('alice').enrolled, AT);
    const c = store.request('carol', approverPasskey('carol').enrolled, AT);
    store.approve(a.id, signedBy('bob', a, 'approve'), policy);
    store.approve(c.id, signedBy('bob', c, 'approve'), policy);
    expect(Object.keys(approvedPasskeys(store.list(), policy)).sort()).toEqual(['alice', 'carol']);

    // only admins revoke; an admin may revoke their own passkey
    expect(() => store.revoke(a.id, signedBy('alice', a, 'revoke'), policy)).toThrow(/alice is not a passkey admin/);
    store.revoke(c.id, signedBy('carol', c, 'revoke', 'lost the laptop'), policy);
    expect(store.get(c.id)).toMatchObject({ status: 'revoked', revocation: { admin: 'carol', reason: 'lost the laptop' } });
    expect(Object.keys(approvedPasskeys(store.list(), policy))).toEqual(['alice']);

    const withoutBob = { ...policy, approvals: { ...policy.approvals, passkeys: { ...policy.approvals.passkeys, admins: ['carol'] } } };
    expect(approvedPasskeys(store.list(), withoutBob)).toEqual({});
  });

  it('files a credential once', () => {
    store = new PasskeyEnrollmentStore(':memory:');
    const { enrolled } = approverPasskey('alice');
    store.request('alice', enrolled, AT);
    expect(() => store.request('alice', enrolled, AT)).toThrow(/already enrolled or waiting/);
    expect(store.list()).toHaveLength(1);
  });
});
