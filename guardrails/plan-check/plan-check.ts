import { describeVariants, monthlyFromHourly, normalizeTagKey, roundCents, type CatalogEntry } from '../../core/index.js';
import type { Policy } from '../policy.js';
import { tagsOf } from '../resource-tags.js';
import { billedKindOf, plannedTags, tagWordOf } from './plan-resource.js';
import { isVmType, plannedVm, type PlannedVm } from './plan-vm.js';
import type { ResourceChange, TerraformPlan } from './terraform-plan.js';

export interface PlanProblem {
  address: string;
  /** rego: a rule from the user's Rego policies; `policy` then names it (data.<package>.deny). */
  rule: 'required-tags' | 'conflicting-tags' | 'budget' | 'unpriced' | 'rego';
  severity: 'error' | 'warning';
  message: string;
  policy?: string;
}

export interface PlanCost {
  address: string;
  actions: string;
  beforeMonthlyUsd: number;
  afterMonthlyUsd: number;
  deltaMonthlyUsd: number;
}

export interface PlanReport {
  passed: boolean;
  vmChanges: number;
  /** Every resource the plan creates, updates or deletes, of any type. */
  resourceChanges: number;
  totalDeltaMonthlyUsd: number;
  maxMonthlyIncreaseUsd: number;
  costs: PlanCost[];
  problems: PlanProblem[];
}

/**
 * Tag policy and budget policy over a Terraform plan. Pure: the plan, the policy and the
 * price catalog are inputs. Passes when no problem is an error.
 */
export function checkPlan(plan: TerraformPlan, policy: Policy, catalog: readonly CatalogEntry[]): PlanReport {
  const problems: PlanProblem[] = [];
  const costs: PlanCost[] = [];
  const changes = plan.resource_changes.filter(changesSomething);
  let vmChanges = 0;
  for (const change of changes) {
    // Terraform leaves `before` null on a create and `after` null on a delete.
    const tags = plannedTags(change.type, change.change.after);
    if (tags) problems.push(...tagProblems(change.address, tags, tagWordOf(change.type), policy));
    if (isVmType(change.type)) {
      vmChanges += 1;
      const before = plannedVm(change.type, change.change.before, plan);
      const after = plannedVm(change.type, change.change.after, plan);
      const beforeUsd = priceOrProblem(change.address, before, catalog, policy, problems);
      const afterUsd = priceOrProblem(change.address, after, catalog, policy, problems);
      costs.push(costOf(change, beforeUsd, afterUsd));
    } else if (billedKindOf(change.type)) {
      problems.push({
        address: change.address,
        rule: 'unpriced',
        severity: policy.planCheck.unpriced,
        message: `no list price for ${change.type} (a ${billedKindOf(change.type)}) in Tollgate's catalogs: counted as $0 (planCheck.unpriced: ${policy.planCheck.unpriced})`,
      });
      costs.push(costOf(change, 0, 0));
    }
  }
  const total = roundCents(costs.reduce((sum, c) => sum + c.deltaMonthlyUsd, 0));
  const limit = policy.planCheck.maxMonthlyIncreaseUsd;
  if (total > limit) {
    problems.push({
      address: '(plan)',
      rule: 'budget',
      severity: 'error',
      message: `the plan adds $${total}/month, over the $${limit}/month limit (planCheck.maxMonthlyIncreaseUsd)`,
    });
  }
  return {
    passed: problems.every((p) => p.severity !== 'error'),
    vmChanges,
    resourceChanges: changes.length,
    totalDeltaMonthlyUsd: total,
    maxMonthlyIncreaseUsd: limit,
    costs,
    problems,
  };
}

/** The report with more problems (the user's Rego rules) folded in: any error fails it. */
export function withProblems(report: PlanReport, more: readonly PlanProblem[]): PlanReport {
  const problems = [...report.problems, ...more];
  return { ...report, problems, passed: problems.every((p) => p.severity !== 'error') };
}

function costOf(change: ResourceChange, beforeUsd: number, afterUsd: number): PlanCost {
  return {
    address: change.address,
    actions: change.change.actions.join('+'),
    beforeMonthlyUsd: beforeUsd,
    afterMonthlyUsd: afterUsd,
    deltaMonthlyUsd: roundCents(afterUsd - beforeUsd),
  };
}

function changesSomething(change: ResourceChange): boolean {
  return change.change.actions.some((a) => a === 'create' || a === 'update' || a === 'delete');
}

function tagProblems(address: string, planned: Record<string, string>, word: 'tags' | 'labels', policy: Policy): PlanProblem[] {
  const tags = tagsOf({ tags: planned }, policy);
  const problems: PlanProblem[] = [];
  const missing = policy.tags.required.filter((key) => !tags.has(key));
  if (missing.length > 0) {
    problems.push({ address, rule: 'required-tags', severity: 'error', message: `missing required ${word}: ${missing.join(', ')} (tags.required)` });
  }
  // A plan that creates Env=dev next to env=prod makes a resource every reader must guess about.
  const watched = new Set([...policy.tags.required, policy.tags.envKey, policy.tags.excludeKey, 'owner', 'team'].map(normalizeTagKey));
  for (const conflict of tags.conflicts.filter((c) => watched.has(c.key))) {
    problems.push({
      address,
      rule: 'conflicting-tags',
      severity: 'error',
      message: `conflicting ${word} for ${conflict.key}: ${describeVariants(conflict.variants)}; keep one spelling`,
    });
  }
  return problems;
}

function priceOrProblem(address: string, vm: PlannedVm | undefined, catalog: readonly CatalogEntry[], policy: Policy, problems: PlanProblem[]): number {
  if (!vm) return 0;
  const entry = catalog.find((c) => c.provider === vm.provider && c.region === vm.region && c.sku === vm.sku);
  if (entry) return monthlyFromHourly(entry.hourlyUsd);
  problems.push({
    address,
    rule: 'unpriced',
    severity: policy.planCheck.unpriced,
    message: `no ${vm.provider} list price for ${vm.sku} in ${vm.region}: counted as $0 (planCheck.unpriced: ${policy.planCheck.unpriced})`,
  });
  return 0;
}
