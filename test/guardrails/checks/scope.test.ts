import { describe, expect, it } from 'vitest';
import { actionAllowed } from '../../../guardrails/checks/action-allowed.js';
import { exclusionTag } from '../../../guardrails/checks/exclusion-tag.js';
import { protectedEnv } from '../../../guardrails/checks/protected-env.js';
import { context, policy, proposalFor, simple, withTags } from '../fixtures.js';

describe('exclusion-tag', () => {
  it('refuses a resource tagged tollgate:exclude=true, whatever the case and spacing', () => {
    expect(exclusionTag.run(context({ resource: withTags({ ' Tollgate:Exclude ': ' TRUE ' }) }))).toEqual({
      passed: false,
      reason: 'resource is tagged " Tollgate:Exclude "=TRUE',
      numbers: { tag: 'tollgate:exclude', variants: 1 },
    });
  });
  it('passes without the tag or with an explicit no', () => {
    expect(exclusionTag.run(context())).toEqual({ passed: true, reason: 'not tagged tollgate:exclude', numbers: { tag: 'tollgate:exclude', variants: 0 } });
    for (const no of ['false', ' FALSE ', 'no', 'off', '0']) {
      expect(exclusionTag.run(context({ resource: withTags({ 'tollgate:exclude': no }) }))).toMatchObject({
        passed: true,
        reason: `tollgate:exclude=${no.trim()}: not excluded`,
      });
    }
  });
  it('refuses any other value, even an empty one: someone put the key there', () => {
    for (const value of ['true', 'yes', '', 'maybe', '1']) {
      expect(exclusionTag.run(context({ resource: withTags({ 'tollgate:exclude': value }) })).passed, value).toBe(false);
    }
  });
  it('refuses when any variant of the key excludes, whatever the order, and says which one', () => {
    const outcome = exclusionTag.run(context({ resource: withTags({ 'TOLLGATE:EXCLUDE': 'false', 'tollgate:exclude': 'true' }) }));
    expect(outcome).toEqual({
      passed: false,
      reason: 'resource is tagged tollgate:exclude=true; TOLLGATE:EXCLUDE=false does not undo it: any variant but an explicit no excludes',
      numbers: { tag: 'tollgate:exclude', variants: 2 },
    });
  });
  it('applies to every action', () => {
    expect(exclusionTag.appliesTo(simple('terminate'))).toBe(true);
  });
});

describe('action-allowed', () => {
  it('passes an action type the policy names', () => {
    expect(actionAllowed.run(context())).toEqual({ passed: true, reason: 'resize is allowed by the policy', numbers: { action: 'resize' } });
  });
  it('refuses a termination the policy does not name, even when an agent proposed it', () => {
    expect(actionAllowed.run(context({ proposal: proposalFor(simple('terminate')) }))).toEqual({
      passed: false,
      reason: "terminate is not in the policy's allowed actions (resize)",
      numbers: { action: 'terminate' },
    });
  });
  it('allows termination only where the policy names it', () => {
    const p = policy({ execution: { allowedActions: ['resize', 'terminate'] } });
    expect(actionAllowed.run(context({ policy: p, proposal: proposalFor(simple('terminate')) })).passed).toBe(true);
    expect(actionAllowed.run(context({ policy: p, proposal: proposalFor(simple('delete-volume')) })).reason).toBe(
      "delete-volume is not in the policy's allowed actions (resize, terminate)",
    );
  });
  it('applies to every action', () => {
    expect(actionAllowed.appliesTo(simple('start'))).toBe(true);
  });
});

describe('protected-env', () => {
  const prod = withTags({ Environment: 'Production' });
  it('blocks the policy-listed action types on production', () => {
    expect(protectedEnv.run(context({ resource: prod, proposal: proposalFor(simple('terminate')) }))).toEqual({
      passed: false,
      reason: 'terminate is blocked on production resources by execution.blockedInProduction',
      numbers: { production: true, action: 'terminate' },
    });
  });
  it('lets other actions through in production, with more approvers', () => {
    expect(protectedEnv.run(context({ resource: withTags({ env: 'prod' }) }))).toEqual({
      passed: true,
      reason: 'resize is permitted in production with 2 approvers',
      numbers: { production: true, action: 'resize' },
    });
  });
  it('does not block outside production', () => {
    expect(protectedEnv.run(context({ proposal: proposalFor(simple('terminate')) }))).toEqual({
      passed: true,
      reason: 'not a production resource',
      numbers: { production: false, action: 'terminate' },
    });
  });
  it('blocks exactly what the policy lists', () => {
    const p = policy({ execution: { blockedInProduction: ['resize'] } });
    expect(protectedEnv.run(context({ policy: p, resource: withTags({ env: 'prod' }) })).passed).toBe(false);
    expect(protectedEnv.run(context({ policy: p, resource: withTags({ env: 'prod' }), proposal: proposalFor(simple('terminate')) })).passed).toBe(true);
  });
  it('applies to every action', () => {
    expect(protectedEnv.appliesTo(simple('stop'))).toBe(true);
  });
});
