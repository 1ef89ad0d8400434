import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parsePolicy } from '../../guardrails/index.js';
import { loadSuite } from '../../evals/runner/scenario.js';
import { policyOf } from '../../evals/runner/scenario-world.js';
import { REPO } from '../support/world.js';

const errorOf = (yaml: string): string => {
  try {
    parsePolicy(yaml, 'team.policy.yaml');
  } catch (error) {
    return (error as Error).message;
  }
  throw new Error(`expected the policy to be refused:\n${yaml}`);
};

describe('settings that would weaken a guardrail are refused at load, naming the field', () => {
  it.each([
    ['tags:\n  excludeKey: ""\n', 'tags.excludeKey: must name a tag key'],
    ['tags:\n  excludeKey: "  "\n', 'tags.excludeKey: must name a tag key'],
    ['tags:\n  envKey: ""\n', 'tags.envKey: must name a tag key'],
    ['tags:\n  productionValues: []\n', 'tags.productionValues: must list at least one value'],
    ['tags:\n  productionValues: [prod, ""]\n', 'tags.productionValues.1: an empty production value matches nothing'],
    ['tags:\n  aliases:\n    env: [Env, ""]\n', 'tags.aliases.env.1: an empty source key matches nothing'],
    ['rightsizing:\n  userFacing:\n    tagKey: ""\n', 'rightsizing.userFacing.tagKey: must name a tag key'],
    ['rightsizing:\n  userFacing:\n    tagValues: []\n', 'rightsizing.userFacing.tagValues: must list non-empty values'],
    ['approvals:\n  required: 2\n  requiredForProduction: 1\n', 'approvals.requiredForProduction: must be at least approvals.required (2)'],
    ['approvals:\n  required: 3\n', 'approvals.requiredForProduction: must be at least approvals.required (3)'],
    ['approvals:\n  allowedRoles: []\n', 'approvals.allowedRoles: must list the non-empty roles'],
    ['approvals:\n  allowedRoles: [finops, ""]\n', 'approvals.allowedRoles: must list the non-empty roles'],
    ['approvals:\n  approvers:\n    "": finops\n', 'approvals.approvers.: an approver id must be non-empty'],
    ['approvals:\n  approvers:\n    " ann@example.com": finops\n', 'approvals.approvers. ann@example.com: an approver id must be non-empty'],
    [
      'approvals:\n  approvers:\n    ann@example.com: finops\n  slack:\n    approvers:\n      U0BOB: bob@example.com\n',
      'approvals.slack.approvers.U0BOB: maps to "bob@example.com", who is not listed under approvals.approvers',
    ],
  ])('%j', (yaml, expected) => {
    const message = errorOf(yaml);
    expect(message).toContain('team.policy.yaml: invalid policy');
    expect(message).toContain(expected);
  });

  it('reports every weakened setting at once', () => {
    const message = errorOf('tags:\n  excludeKey: ""\n  productionValues: []\napprovals:\n  allowedRoles: []\n');
    for (const field of ['tags.excludeKey', 'tags.productionValues', 'approvals.allowedRoles']) expect(message).toContain(`\n  ${field}: `);
  });

  it('accepts the sample policy and every eval scenario policy', () => {
    expect(() => parsePolicy(readFileSync(join(REPO, 'tollgate.policy.yaml'), 'utf8'), 'tollgate.policy.yaml')).not.toThrow();
    const scenarios = loadSuite(join(REPO, 'evals/scenarios'));
    expect(scenarios.length).toBeGreaterThan(0);
    for (const scenario of scenarios) expect(() => policyOf(scenario)).not.toThrow();
  });

  it('accepts a Slack user mapped to a listed approver', () => {
    const policy = parsePolicy('approvals:\n  approvers:\n    ann@example.com: finops\n  slack:\n    approvers:\n      U0ANN: ann@example.com\n');
    expect(policy.approvals.slack.approvers).toEqual({ U0ANN: 'ann@example.com' });
  });
});
