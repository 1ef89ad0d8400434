import type { CloudReader } from '../clouds/provider.js';
import { monthlyFromHourly, roundCents, type Proposal } from '../core/index.js';
import type { Policy } from '../guardrails/index.js';

export interface ChangeCheck {
  regressed: boolean;
  reason: string;
  cpuP99Pct: number;
  /** Savings measured after the change; undefined when the catalog could not price both sizes. */
  realizedMonthlySavingsUsd: number | undefined;
  evidence: unknown;
}

/**
 * After a resize: CPU since the change must stay under the policy's ceiling, else it is a
 * regression to roll back. After a stop, delete or release: the resource must be in the state
 * the change left it; a different state is reported, never "rolled back" by restarting things.
 */
export async function verifyAfterChange(reader: CloudReader, proposal: Proposal, appliedAt: string, now: string, policy: Policy): Promise<ChangeCheck> {
  const action = proposal.action;
  if (action.type === 'resize') {
    const [usage, resource, catalog] = await Promise.all([
      reader.utilization(action.resourceId, { from: appliedAt, to: now }),
      reader.getResource(action.resourceId),
      reader.catalog(),
    ]);
    // Realized = the list-price difference between the size it was and the size it is now, as read back.
    const hourly = (sku: string) => catalog.find((c) => c.sku === sku && c.region === resource.region)?.hourlyUsd;
    const before = hourly(action.fromSku);
    const after = hourly(resource.sku);
    const realizedMonthlySavingsUsd =
      before !== undefined && after !== undefined ? roundCents(monthlyFromHourly(before) - monthlyFromHourly(after)) : undefined;
    const ceiling = policy.rightsizing.maxProjectedCpuP995Pct;
    const regressed = usage.cpu.p99 > ceiling;
    const verdict = regressed ? 'exceeds' : 'is within';
    return {
      regressed,
      reason: `CPU P99 ${usage.cpu.p99.toFixed(1)}% after the change ${verdict} the ${ceiling}% ceiling`,
      cpuP99Pct: usage.cpu.p99,
      realizedMonthlySavingsUsd,
      evidence: { utilization: usage, ceilingPct: ceiling, currentSku: resource.sku, realizedMonthlySavingsUsd },
    };
  }
  const expected = action.type === 'stop' ? 'stopped' : action.type === 'start' ? 'running' : 'deleted';
  const resource = await reader.getResource(action.resourceId).catch(() => undefined);
  const state = resource?.state ?? 'deleted';
  // Stopping or removing ends the charge the finding priced; a start ends no charge.
  const realizedMonthlySavingsUsd = state === expected && action.type !== 'start' ? proposal.estimatedMonthlySavingsUsd : 0;
  return {
    regressed: false,
    reason:
      state === expected
        ? `${action.resourceId} is ${state}, as the change left it`
        : `${action.resourceId} is ${state}, expected ${expected}: changed again since`,
    cpuP99Pct: 0,
    realizedMonthlySavingsUsd,
    evidence: { expectedState: expected, state, realizedMonthlySavingsUsd },
  };
}
