import { describe, expect, it } from 'vitest';
import { actionHash } from '../../core/index.js';
import { CHECKS, evaluate, ruleVersions, riskOf, type Check } from '../../guardrails/index.js';
import { context, policy, proposalFor, RESOURCE, simple, withTags } from './fixtures.js';

describe('evaluate', () => {
  it('passes a sound resize with every resize check, each named and versioned', () => {
    const verdict = evaluate(context());
    expect(verdict.passed).toBe(true);
    expect(verdict.actionHash).toBe(actionHash(context().proposal.action));
    expect(verdict.results.map((r) => r.check)).toEqual(CHECKS.filter((c) => c.name !== 'idle-rule' && c.name !== 'off-hours-schedule').map((c) => c.name));
    expect(verdict.ruleVersions).toMatchObject({ 'data-sufficiency': 2, cooldown: 3, 'facts-fresh': 2, 'memory-headroom': 1 });
    expect(verdict).toMatchObject({ factsAt: context().factsAt, evaluatedAt: context().now, risk: 'low' });
  });
  it('runs only the checks that apply', () => {
    const verdict = evaluate(context({ proposal: proposalFor(simple('start')) }));
    expect(verdict.results.map((r) => r.check)).not.toContain('cpu-headroom');
    expect(Object.keys(verdict.ruleVersions)).toEqual(verdict.results.map((r) => r.check));
  });
  it('fails when any check fails, and when no check applies', () => {
    expect(evaluate(context({ resource: withTags({ 'tollgate:exclude': 'true' }) })).passed).toBe(false);
    const never: Check = { name: 'never', version: 1, appliesTo: () => false, run: () => ({ passed: true, reason: '', numbers: {} }) };
    expect(evaluate(context(), [never])).toMatchObject({ passed: false, results: [] });
  });
  it('turns a check that throws into a failed result', () => {
    const broken: Check = {
      name: 'broken',
      version: 3,
      appliesTo: () => true,
      run: () => {
        throw new Error('boom');
      },
    };
    expect(evaluate(context(), [broken]).results).toEqual([{ check: 'broken', version: 3, passed: false, reason: 'check failed to run: boom', numbers: {} }]);
  });
  it('lists rule versions of the whole registry by default', () => {
    expect(Object.keys(ruleVersions())).toHaveLength(CHECKS.length);
  });
});

describe('riskOf', () => {
  const p = policy();
  it('is high in production (under any env alias) or at $1000/month', () => {
    expect(riskOf(withTags({ stage: 'PRODUCTION' }), 10, p)).toBe('high');
    expect(riskOf(RESOURCE, 1000, p)).toBe('high');
    expect(riskOf(RESOURCE, 999.99, p)).toBe('low');
  });
  it('is medium without an env tag', () => {
    expect(riskOf(withTags({}), 10, p)).toBe('medium');
    expect(riskOf(withTags({ Environment: 'qa' }), 10, p)).toBe('low');
  });
});
