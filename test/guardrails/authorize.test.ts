import { describe, expect, it } from 'vitest';
import { actionHash, addMs, idempotencyKeyFor, inverseOf, proposalHash, type Approval, type Verdict } from '../../core/index.js';
import { approvalRequirement, authorize, authorizeRollback, evaluate, type AuthorizeInput } from '../../guardrails/index.js';
import { forged, signedApproval, withApproverKeys } from '../support/approver-keys.js';
import { context, NOW, policy, proposalFor, RESOURCE, resize, simple, withTags } from './fixtures.js';

const approvers = { alice: 'finops', bob: 'platform' };
const p = withApproverKeys(policy({ approvals: { approvers } }));
const action = resize('m5.xlarge');
const proposal = proposalFor(action);
const hash = proposalHash(proposal);
const ok: Approval = signedApproval('wf-1', { proposalHash: hash, decision: 'approve', approver: 'alice', reason: '', role: 'finops', at: NOW });
const verdict = evaluate(context({ policy: p }));

function input(over: Partial<AuthorizeInput> = {}): AuthorizeInput {
  return {
    action,
    verdict,
    proposalHash: hash,
    proposer: proposal.proposer,
    approvals: [ok],
    requirement: approvalRequirement(RESOURCE, p),
    policy: p,
    scope: 'wf-1',
    actionsThisRun: 0,
    now: NOW,
    ...over,
  };
}
const reasonsOf = (over: Partial<AuthorizeInput>) => {
  const result = authorize(input(over));
  return result.allowed ? [] : result.reasons;
};

describe('authorize', () => {
  it('mints a ticket bound to the action, the workflow and the policy TTL', () => {
    const result = authorize(input());
    if (!result.allowed) throw new Error(result.reasons.join('; '));
    expect(result.ticket).toEqual({
      kind: 'execution-ticket',
      actionHash: actionHash(action),
      idempotencyKey: idempotencyKeyFor(actionHash(action), 'wf-1'),
      issuedAt: NOW,
      expiresAt: addMs(NOW, 15 * 60_000),
      approvers: ['alice'],
      ruleVersions: verdict.ruleVersions,
      purpose: 'apply',
    });
    expect(result.reasons).toEqual([]);
    expect(Object.isFrozen(result.ticket)).toBe(true);
  });
  it('refuses a failed verdict or one for another action', () => {
    expect(reasonsOf({ verdict: { ...verdict, passed: false } })).toEqual(['the verdict did not pass']);
    expect(reasonsOf({ verdict: { ...verdict, actionHash: 'x' } })).toEqual(['the verdict was computed for a different action']);
  });
  it('refuses a verdict that did not run the exclusion-tag check', () => {
    const partial: Verdict = { ...verdict, results: verdict.results.filter((r) => r.check !== 'exclusion-tag') };
    expect(reasonsOf({ verdict: partial })).toEqual(['the verdict lacks a passed exclusion-tag check: it did not come from the full registry']);
  });
  it('refuses facts older than the policy allows, or from the future', () => {
    expect(reasonsOf({ now: addMs(NOW, 60 * 60_000) })).toEqual([]);
    expect(reasonsOf({ now: addMs(NOW, 60 * 60_000 + 1) })).toEqual([`facts from ${NOW} are older than 60 min`]);
    expect(reasonsOf({ verdict: { ...verdict, factsAt: addMs(NOW, 1) } })).toEqual([`facts from ${addMs(NOW, 1)} are older than 60 min`]);
  });
  it('refuses when the approved proposal is not this action', () => {
    expect(reasonsOf({ proposal })).toEqual([]);
    expect(reasonsOf({ proposal: { ...proposal, estimatedMonthlySavingsUsd: 1 } })).toEqual(['the approved proposal is not this action']);
    expect(
      reasonsOf({ proposal: { ...proposal, action: resize('m5.large') }, proposalHash: proposalHash({ ...proposal, action: resize('m5.large') }) }),
    ).toContain('the approved proposal is not this action');
  });
  it('refuses missing or rejected approvals, with the problems', () => {
    expect(reasonsOf({ approvals: [] })).toEqual(['1 more approval(s) needed']);
    expect(reasonsOf({ approvals: [{ ...ok, approver: 'mallory' }] })).toEqual([
      '1 more approval(s) needed: mallory is not an approver in the policy; ask an admin to add them under approvals.approvers',
    ]);
    expect(reasonsOf({ approvals: [ok, { ...ok, approver: 'bob', decision: 'reject' }] })).toEqual(['the proposal was rejected']);
  });
  it('takes the stricter of the given requirement and the policy’s for the resource', () => {
    const prod = withTags({ env: 'prod' });
    expect(reasonsOf({ resource: prod })).toEqual(['1 more approval(s) needed']);
    expect(reasonsOf({ resource: prod, approvals: [ok, signedApproval('wf-1', { ...ok, approver: 'bob', role: 'platform' })] })).toEqual([]);
    expect(reasonsOf({ resource: RESOURCE, requirement: { ...approvalRequirement(RESOURCE, p), required: 2 } })).toEqual(['1 more approval(s) needed']);
    const shortExpiry = { ...approvalRequirement(RESOURCE, p), expiresInMs: 1000 };
    expect(reasonsOf({ resource: RESOURCE, requirement: shortExpiry, now: addMs(NOW, 1001) })[0]).toContain('has expired');
  });
  it('enforces the blast radius in actions and in monthly $', () => {
    expect(reasonsOf({ actionsThisRun: 9 })).toEqual([]);
    expect(reasonsOf({ actionsThisRun: 10 })).toEqual(['blast radius: 10 actions already this run (limit 10)']);
    expect(reasonsOf({ monthlyUsdChangedThisRun: 4859.84 })).toEqual([]);
    expect(reasonsOf({ monthlyUsdChangedThisRun: 4860 })).toEqual(['blast radius: $5000.16/month changed this run with this action (limit $5000)']);
  });
  it('counts the action’s monthly $ as the verdict priced it, or nothing when the verdict did not', () => {
    const unpriced: Verdict = { ...verdict, results: verdict.results.filter((r) => r.check !== 'blast-radius') };
    expect(reasonsOf({ verdict: unpriced, monthlyUsdChangedThisRun: 5000 })).toEqual([]);
    const oddNumbers: Verdict = {
      ...verdict,
      results: verdict.results.map((r) => (r.check === 'blast-radius' ? { ...r, numbers: { actionMonthlyUsd: '140.16' } } : r)),
    };
    expect(reasonsOf({ verdict: oddNumbers, monthlyUsdChangedThisRun: 5000 })).toEqual([]);
    expect(reasonsOf({ verdict, monthlyUsdChangedThisRun: 5000 })).toHaveLength(1);
  });
  it('lists every problem of the approvals, separated', () => {
    expect(
      reasonsOf({
        approvals: [
          { ...ok, approver: 'mallory' },
          { ...ok, approver: 'alice', proposalHash: 'other' },
        ],
      }),
    ).toEqual([
      "1 more approval(s) needed: mallory is not an approver in the policy; ask an admin to add them under approvals.approvers; alice's decision is for another proposal",
    ]);
  });
  it('refuses action types the policy does not name', () => {
    const stop = simple('stop');
    const stopVerdict = evaluate(context({ policy: p, proposal: proposalFor(stop, 280.32) }));
    expect(reasonsOf({ action: stop, verdict: { ...stopVerdict, passed: true } })).toEqual(['stop is not an allowed action']);
  });
  it('refuses during a freeze window', () => {
    const frozen = withApproverKeys(policy({ approvals: { approvers }, freezeWindows: [{ name: 'launch', from: NOW, to: addMs(NOW, 3_600_000) }] }));
    expect(reasonsOf({ policy: frozen })).toEqual([`freeze window "launch" until ${addMs(NOW, 3_600_000)}`]);
  });
  it('re-checks the resource itself when given', () => {
    expect(reasonsOf({ resource: withTags({ 'tollgate:exclude': 'True' }) })).toEqual(['the resource is tagged tollgate:exclude=True']);
    expect(reasonsOf({ resource: { ...RESOURCE, id: 'vm-2' } })).toEqual(['the resource given is vm-2, not vm-1']);
    const blocks = withApproverKeys(policy({ approvals: { approvers, requiredForProduction: 1 }, execution: { blockedInProduction: ['resize'] } }));
    expect(reasonsOf({ policy: blocks, resource: withTags({ env: 'prod' }) })).toEqual(['resize is blocked in production']);
    expect(reasonsOf({ policy: blocks, resource: RESOURCE })).toEqual([]);
  });
});

describe('authorize checks every approval signature against the policy’s keys now', () => {
  const prod = withTags({ env: 'prod' });
  const bob = signedApproval('wf-1', { ...ok, approver: 'bob', role: 'platform' });
  it('refuses one person approving as two typed names: alice signs for bob', () => {
    const { signature: _own, ...unsigned } = bob;
    const asBob = { ...unsigned, signature: signedApproval('wf-1', { ...ok, reason: bob.reason }).signature! };
    const aliceTwice: Approval = { ...asBob, signature: signedApproval('wf-1', { ...unsigned, approver: 'alice' }).signature! };
    for (const forged of [asBob, aliceTwice]) {
      const reasons = reasonsOf({ resource: prod, approvals: [ok, forged] });
      expect(reasons).toHaveLength(1);
      expect(reasons[0]).toMatch(
        /^1 more approval\(s\) needed: bob's signature is not valid: key SHA256:\S+ is not a key the policy lists for this approver|does not match/,
      );
    }
    // unsigned, the typed name counts for nothing either
    expect(reasonsOf({ resource: prod, approvals: [ok, unsigned] })[0]).toContain("bob's approval is not signed");
    expect(reasonsOf({ resource: prod, approvals: [ok, bob] })).toEqual([]);
  });
  it('refuses a signature over another hash or another workflow, and a forged one', () => {
    const otherHash = signedApproval('wf-1', { ...ok, proposalHash: 'b'.repeat(64) });
    expect(reasonsOf({ approvals: [{ ...ok, signature: otherHash.signature! }] })[0]).toMatch(
      /alice's signature is not valid: signature by SHA256:\S+ does not match this decision/,
    );
    expect(reasonsOf({ approvals: [signedApproval('wf-2', ok)] })[0]).toContain('does not match this decision');
    expect(reasonsOf({ approvals: [{ ...ok, signature: forged(ok.signature!) }] })[0]).toMatch(/alice's signature is not valid: .* does not match/);
  });
  it('needs signatures by default, allows unsigned off production only when the policy says so, never in production', () => {
    const { signature: _s, ...unsigned } = ok;
    expect(reasonsOf({ approvals: [unsigned] })[0]).toContain("alice's approval is not signed");
    const lax = withApproverKeys(policy({ approvals: { approvers, requireSignatures: false } }));
    expect(reasonsOf({ policy: lax, approvals: [unsigned], resource: RESOURCE })).toEqual([]);
    expect(reasonsOf({ policy: lax, approvals: [unsigned] })[0]).toContain('not signed'); // production not ruled out
    const bobUnsigned = { ...unsigned, approver: 'bob', role: 'platform' };
    expect(reasonsOf({ policy: lax, resource: prod, approvals: [unsigned, bobUnsigned] })[0]).toContain('not signed');
  });
  it('rotation: a key removed from the policy signs nothing new', () => {
    const rotated = { ...p, approvals: { ...p.approvals, approvers: { ...p.approvals.approvers, alice: { role: 'finops', keys: [] } } } };
    expect(reasonsOf({ policy: rotated })[0]).toContain('alice has no key in the policy');
    expect(reasonsOf({ policy: rotated, approvals: [signedApproval('wf-1', { ...ok, approver: 'bob', role: 'platform' })] })).toEqual([]);
  });
});

describe('authorizeRollback', () => {
  const applied = { original: action, inverse: inverseOf(action), proposalHash: hash, proposer: proposal.proposer, approvals: [ok] };
  const base = { ...applied, requirement: approvalRequirement(RESOURCE, p), appliedAt: NOW, appliedKey: 'k1', policy: p, now: addMs(NOW, 7 * 86_400_000) };
  it('restores the prior size under the original approvals, long after they would expire', () => {
    const result = authorizeRollback(base);
    if (!result.allowed) throw new Error(result.reasons.join('; '));
    expect(result.ticket).toMatchObject({
      actionHash: actionHash(inverseOf(action)),
      idempotencyKey: idempotencyKeyFor(actionHash(inverseOf(action)), 'rollback:k1'),
      purpose: 'rollback',
      approvers: ['alice'],
      ruleVersions: {},
      expiresAt: addMs(base.now, 15 * 60_000),
    });
    expect(result.reasons).toEqual([]);
  });
  it('refuses anything but the exact inverse of a resize', () => {
    expect(authorizeRollback({ ...base, inverse: resize('m5.large', 'm5.xlarge') })).toEqual({
      allowed: false,
      reasons: ['a rollback may only restore the recorded prior size of the same resource'],
    });
    expect(authorizeRollback({ ...base, inverse: { ...inverseOf(action), resourceId: 'vm-2' } }).allowed).toBe(false);
    expect(authorizeRollback({ ...base, inverse: resize('m5.2xlarge', 'm5.large') }).allowed).toBe(false);
    expect(authorizeRollback({ ...base, original: simple('stop'), inverse: simple('start') })).toEqual({
      allowed: false,
      reasons: ['only a resize can be rolled back automatically'],
    });
    expect(authorizeRollback({ ...base, inverse: simple('start') })).toEqual({ allowed: false, reasons: ['only a resize can be rolled back automatically'] });
    expect(authorizeRollback({ ...base, original: simple('stop') })).toEqual({ allowed: false, reasons: ['only a resize can be rolled back automatically'] });
  });
  it('refuses when the original change was not approved', () => {
    expect(authorizeRollback({ ...base, approvals: [] })).toEqual({ allowed: false, reasons: ['the original change was not approved as the policy requires'] });
  });
});
