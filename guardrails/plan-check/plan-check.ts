import { describeVariants, monthlyFromHourly, normalizeTagKey, roundCents, type CatalogEntry } from '../../core/index.js';
import type { Policy } from '../policy.js';
import { tagsOf } from '../resource-tags.js';
import { isVmType, plannedVm, type PlannedVm } from './plan-vm.js';
import type { ResourceChange, TerraformPlan } from './terraform-plan.js';

export interface PlanProblem {
  address: string;
  rule: 'required-tags' | 'conflicting-tags' | 'budget' | 'unpriced';
  severity: 'error' | 'warning';
  message: string;
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
  const changes = plan.resource_changes.filter((c) => isVmType(c.type) && changesSomething(c));
  for (const change of changes) {
    // Terraform leaves `before` null on a create and `after` null on a delete.
    const before = plannedVm(change.type, change.change.before, plan);
    const after = plannedVm(change.type, change.change.after, plan);
    if (after) problems.push(...missingTags(change.address, after, policy));
    const beforeUsd = priceOrProblem(change.address, before, catalog, policy, problems);
    const afterUsd = priceOrProblem(change.address, after, catalog, policy, problems);
    costs.push({
      address: change.address,
      actions: change.change.actions.join('+'),
      beforeMonthlyUsd: beforeUsd,
      afterMonthlyUsd: afterUsd,
      deltaMonthlyUsd: roundCents(afterUsd - beforeUsd),
    });
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
    vmChanges: changes.length,
    totalDeltaMonthlyUsd: total,
    maxMonthlyIncreaseUsd: limit,
    costs,
    problems,
  };
}

function changesSomething(change: ResourceChange): boolean {
  return change.change.actions.some((a) => a === 'create' || a === 'update' || a === 'delete');
}

function missingTags(address: string, vm: PlannedVm, policy: Policy): PlanProblem[] {
  const tags = tagsOf(vm, policy);
  const word = vm.provider === 'gcp' ? 'labels' : 'tags';
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
