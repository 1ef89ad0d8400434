import { catalogEntry, fail, pass, type Check } from '../check.js';
import { round1 } from '../numbers.js';
import { isUserFacing } from '../workload.js';

/** User-facing workloads keep projected CPU P95 at or under 40 % on the target (Azure Advisor). */
export const userFacingCpu: Check = {
  name: 'user-facing-cpu',
  version: 1,
  appliesTo: (a) => a.type === 'resize',
  run: (ctx) => {
    const { proposal, resource, utilization, policy } = ctx;
    if (proposal.action.type !== 'resize') return pass('not a resize');
    const ceiling = policy.rightsizing.userFacing.maxProjectedCpuP95Pct;
    if (!isUserFacing(resource, policy)) return pass('not a user-facing workload', { ceilingPct: ceiling, userFacing: false });
    const current = catalogEntry(ctx, resource.sku);
    const target = catalogEntry(ctx, proposal.action.toSku);
    if (!current || !target || !utilization) {
      return fail('cannot project CPU P95: current size, target size or utilization unknown', { ceilingPct: ceiling, userFacing: true });
    }
    const exact = (utilization.cpu.p95 * current.vcpu) / target.vcpu;
    const projected = round1(exact);
    const numbers = {
      observedP95Pct: round1(utilization.cpu.p95),
      currentVcpu: current.vcpu,
      targetVcpu: target.vcpu,
      projectedP95Pct: projected,
      ceilingPct: ceiling,
    };
    return exact <= ceiling
      ? pass(`user-facing: projected CPU P95 ${projected}% ≤ ${ceiling}% on ${target.sku}`, numbers)
      : fail(`user-facing: projected CPU P95 ${projected}% > ${ceiling}% on ${target.sku}`, numbers);
  },
};
