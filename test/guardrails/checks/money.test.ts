import { describe, expect, it } from 'vitest';
import { blastRadius } from '../../../guardrails/checks/blast-radius.js';
import { minimumSavings } from '../../../guardrails/checks/minimum-savings.js';
import { spendBudget } from '../../../guardrails/checks/spend-budget.js';
import { context, policy, proposalFor, RESOURCE, resize, simple } from '../fixtures.js';

describe('minimum-savings', () => {
  it('recomputes savings from the catalog: m5.2xlarge → m5.xlarge saves $140.16/month', () => {
    expect(minimumSavings.run(context())).toEqual({
      passed: true,
      reason: 'saves $140.16/month ≥ $10 minimum',
      numbers: { monthlySavingsUsd: 140.16, claimedUsd: 140.16, minimumUsd: 10 },
    });
  });
  it('refuses a claim that does not match the catalog', () => {
    expect(minimumSavings.run(context({ proposal: proposalFor(resize('m5.xlarge'), 500) }))).toMatchObject({
      passed: false,
      reason: "claimed savings $500/month do not match the catalog's $140.16/month",
    });
  });
  it('tolerates a claim within a cent per dollar', () => {
    expect(minimumSavings.run(context({ proposal: proposalFor(resize('m5.xlarge'), 141.5) })).passed).toBe(true);
    expect(minimumSavings.run(context({ proposal: proposalFor(resize('m5.xlarge'), 141.6) })).passed).toBe(false);
  });
  it('accepts a claim off by exactly the one-cent floor', () => {
    const ctx = context({
      resource: { ...RESOURCE, sku: 'd4.xlarge' },
      proposal: proposalFor(resize('d4s.large', 'd4.xlarge'), 0.01),
      policy: policy({ rightsizing: { minMonthlySavingsUsd: 0 } }),
    });
    expect(minimumSavings.run(ctx)).toEqual({
      passed: true,
      reason: 'saves $0/month ≥ $0 minimum',
      numbers: { monthlySavingsUsd: 0, claimedUsd: 0.01, minimumUsd: 0 },
    });
  });
  it('refuses savings under the minimum', () => {
    const p = policy({ rightsizing: { minMonthlySavingsUsd: 140.17 } });
    expect(minimumSavings.run(context({ policy: p }))).toMatchObject({ passed: false, reason: 'saves $140.16/month < $140.17 minimum' });
    expect(minimumSavings.run(context({ policy: policy({ rightsizing: { minMonthlySavingsUsd: 140.16 } }) })).passed).toBe(true);
  });
  it('fails when a size cannot be priced', () => {
    expect(minimumSavings.run(context({ proposal: proposalFor(resize('nope')) }))).toEqual({
      passed: false,
      reason: 'cannot price the change: size missing from the catalog',
      numbers: { minimumUsd: 10 },
    });
  });
  it('applies to resizes only', () => {
    expect(minimumSavings.appliesTo(simple('stop'))).toBe(false);
    expect(minimumSavings.run(context({ proposal: proposalFor(simple('stop')) }))).toEqual({ passed: true, reason: 'not a resize', numbers: {} });
  });
});

describe('blast-radius', () => {
  const limits = { maxActionsPerRun: 10, maxMonthlyUsdChangedPerRun: 5000, actionMonthlyUsd: 140.16 };
  it('defers to authorize() when run totals are not known yet', () => {
    expect(blastRadius.run(context())).toEqual({
      passed: true,
      reason: 'run totals not known yet: authorize() enforces the limits at execution',
      numbers: limits,
    });
  });
  it('passes the 10th action of a run and refuses the 11th', () => {
    expect(blastRadius.run(context({ runState: { actionsThisRun: 9, monthlyUsdChangedThisRun: 0 } }))).toEqual({
      passed: true,
      reason: 'action 10 of ≤ 10; $140.16/month changed of ≤ $5000',
      numbers: { ...limits, actionsWithThis: 10, monthlyUsdWithThis: 140.16 },
    });
    expect(blastRadius.run(context({ runState: { actionsThisRun: 10, monthlyUsdChangedThisRun: 0 } }))).toMatchObject({
      passed: false,
      reason: 'blast radius: this would be action 11 of the run (limit 10)',
    });
  });
  it('refuses when the run would change more monthly $ than allowed', () => {
    expect(blastRadius.run(context({ runState: { actionsThisRun: 1, monthlyUsdChangedThisRun: 4859.84 } })).passed).toBe(true);
    expect(blastRadius.run(context({ runState: { actionsThisRun: 1, monthlyUsdChangedThisRun: 4860 } }))).toMatchObject({
      passed: false,
      reason: 'blast radius: the run would change $5000.16/month (limit $5000)',
    });
  });
  it('prices a resize from the catalog, whatever the claim, and an unpriced one by the claim', () => {
    expect(blastRadius.run(context({ proposal: proposalFor(resize('m5.xlarge'), 150) })).numbers.actionMonthlyUsd).toBe(140.16);
    expect(blastRadius.run(context({ proposal: proposalFor(resize('m5.imaginary'), 33) })).numbers.actionMonthlyUsd).toBe(33);
    const upsize = context({ resource: { ...RESOURCE, sku: 'm5.xlarge' }, proposal: proposalFor(resize('m5.2xlarge', 'm5.xlarge'), -140.16) });
    expect(blastRadius.run(upsize).numbers.actionMonthlyUsd).toBe(140.16);
  });
  it("prices a stop by the proposal's claim", () => {
    expect(blastRadius.run(context({ proposal: proposalFor(simple('stop'), -75) })).numbers.actionMonthlyUsd).toBe(75);
  });
  it('applies to every action', () => {
    expect(blastRadius.appliesTo(simple('stop'))).toBe(true);
  });
});

describe('spend-budget', () => {
  it('passes when no spend is reported', () => {
    expect(spendBudget.run(context())).toEqual({ passed: true, reason: 'no spend reported', numbers: { maxAgentUsdPerFinding: 0.5, maxRunUsd: 20 } });
  });
  it('passes spend at the limits', () => {
    expect(spendBudget.run(context({ spend: { agentUsdThisFinding: 0.5, runUsd: 20 } }))).toEqual({
      passed: true,
      reason: 'spend within budget: agent $0.5 ≤ $0.5, run $20 ≤ $20',
      numbers: { maxAgentUsdPerFinding: 0.5, maxRunUsd: 20, agentUsd: 0.5, runUsd: 20 },
    });
  });
  it('refuses over the agent budget or the run budget', () => {
    expect(spendBudget.run(context({ spend: { agentUsdThisFinding: 0.51, runUsd: 1 } })).reason).toBe('agent spent $0.51 on this finding > $0.5');
    expect(spendBudget.run(context({ spend: { agentUsdThisFinding: 0.1, runUsd: 20.01 } })).reason).toBe('the run spent $20.01 > $20');
  });
  it('applies to every action', () => {
    expect(spendBudget.appliesTo(simple('stop'))).toBe(true);
  });
});
