import { describe, expect, it } from 'vitest';
import { addMs, type Approval } from '../../core/index.js';
import { approvalRequirement, approvalStatus } from '../../guardrails/index.js';
import { NOW, policy, RESOURCE, withTags } from './fixtures.js';

const approvers = { alice: 'finops', bob: 'platform', carol: 'viewer', rightsizer: 'finops' };
const p = policy({ approvals: { approvers } });
const requirement = approvalRequirement(RESOURCE, p);
const proposer = { kind: 'agent' as const, id: 'rightsizer' };
const approval = (approver: string, over: Partial<Approval> = {}): Approval => ({
  proposalHash: 'h1',
  decision: 'approve',
  approver,
  reason: '',
  role: 'x',
  at: NOW,
  ...over,
});
const status = (approvals: Approval[], req = requirement, now = NOW) => approvalStatus(approvals, req, 'h1', proposer, now);

describe('approvalRequirement', () => {
  it('needs one approver outside production and two in it, expiring after 72 h', () => {
    const noKeys = { alice: [], bob: [], carol: [], rightsizer: [] };
    expect(requirement).toEqual({
      required: 1,
      approvers,
      allowedRoles: ['finops', 'platform'],
      expiresInMs: 72 * 3_600_000,
      keys: noKeys,
      unsignedApprovals: false,
    });
    expect(approvalRequirement(withTags({ ENV: 'Prod' }), p).required).toBe(2);
  });
  it('lets approvals count unsigned only off production and only when the policy turns signatures off', () => {
    const lax = policy({ approvals: { approvers, requireSignatures: false } });
    expect(approvalRequirement(RESOURCE, lax).unsignedApprovals).toBe(true);
    expect(approvalRequirement(withTags({ env: 'prod' }), lax).unsignedApprovals).toBe(false);
  });
  it("trusts the Slack app's key only for the approvers Slack users map to", () => {
    const appKey = 'ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIDCBrRXyiUP7VwHkJxOJ4Zdp/KNZ0anxpWDVKS8riFjn slack-app';
    const own = 'ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIKAHmyT0vWd36oUpYDIP1IwnG5QAi9QhFj3nPUvQkcMh alice';
    const withSlack = policy({
      approvals: { approvers: { ...approvers, alice: { role: 'finops', keys: [own] } }, slack: { approvers: { U1: 'alice' }, appKeys: [appKey] } },
    });
    expect(approvalRequirement(RESOURCE, withSlack).keys).toEqual({ alice: [own, appKey], bob: [], carol: [], rightsizer: [] });
  });
});

describe('approvalStatus', () => {
  it('is satisfied by one allowed human bound to the proposal', () => {
    expect(status([approval('alice')])).toEqual({ satisfied: true, rejected: false, valid: [approval('alice')], problems: [], missing: 0 });
  });
  it('counts distinct humans only', () => {
    const prod = { ...requirement, required: 2 };
    expect(status([approval('alice'), approval('alice', { at: addMs(NOW, -1000) })], prod)).toMatchObject({ satisfied: false, missing: 1 });
    expect(status([approval('alice'), approval('bob')], prod)).toMatchObject({ satisfied: true, missing: 0 });
  });
  it('refuses decisions bound to another proposal', () => {
    expect(status([approval('alice', { proposalHash: 'h2' })])).toMatchObject({
      satisfied: false,
      missing: 1,
      problems: ["alice's decision is for another proposal"],
    });
  });
  it('refuses unknown approvers, disallowed roles and the proposer', () => {
    expect(status([approval('mallory')]).problems).toEqual(['mallory is not an approver in the policy; ask an admin to add them under approvals.approvers']);
    expect(status([approval('carol')]).problems).toEqual(['carol has role viewer, which may not approve (allowed: finops, platform)']);
    expect(status([approval('rightsizer')]).problems).toEqual(['rightsizer proposed this change and cannot approve it']);
  });
  it('accepts an approval exactly 72 h old and refuses one a millisecond older', () => {
    expect(status([approval('alice', { at: addMs(NOW, -72 * 3_600_000) })]).satisfied).toBe(true);
    expect(status([approval('alice', { at: addMs(NOW, -72 * 3_600_000 - 1) })])).toMatchObject({
      satisfied: false,
      problems: [`alice's approval from ${addMs(NOW, -72 * 3_600_000 - 1)} has expired`],
    });
  });
  it('refuses an approval dated after now', () => {
    expect(status([approval('alice', { at: addMs(NOW, 1) })])).toMatchObject({
      satisfied: false,
      problems: [`alice's approval is dated ${addMs(NOW, 1)}, after ${NOW}`],
    });
  });
  it('lets any rejection bound to the proposal veto it', () => {
    expect(status([approval('alice'), approval('bob', { decision: 'reject' })])).toMatchObject({ satisfied: false, rejected: true, missing: 0 });
    expect(status([approval('alice'), approval('bob', { decision: 'reject', proposalHash: 'h2' })])).toMatchObject({ satisfied: true, rejected: false });
  });
});
