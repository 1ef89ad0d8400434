import { catalogEntry, fail, pass, type Check } from '../check.js';
import { round1 } from '../numbers.js';
import { isUserFacing } from '../workload.js';

/**
 * Projects memory P99 onto the target's GiB and requires headroom (60 % for user-facing
 * workloads, Azure Advisor). Without memory metrics only a size of the same memory class
 * (GiB per vCPU) is allowed: the workload keeps the memory it has per unit of compute.
 */
export const memoryHeadroom: Check = {
  name: 'memory-headroom',
  version: 1,
  appliesTo: (a) => a.type === 'resize',
  run: (ctx) => {
    const { proposal, resource, utilization, policy } = ctx;
    if (proposal.action.type !== 'resize') return pass('not a resize');
    const current = catalogEntry(ctx, resource.sku);
    const target = catalogEntry(ctx, proposal.action.toSku);
    const userFacing = isUserFacing(resource, policy);
    const ceiling = userFacing ? policy.rightsizing.userFacing.maxProjectedMemoryP99Pct : policy.rightsizing.maxProjectedMemoryP99Pct;
    if (!current || !target) return fail('cannot project memory: current or target size missing from the catalog', { ceilingPct: ceiling });
    const sizes = { currentGiB: current.memoryGiB, targetGiB: target.memoryGiB, ceilingPct: ceiling, userFacing };
    const memory = utilization?.memory;
    if (!memory) {
      const currentClass = current.memoryGiB / current.vcpu;
      const targetClass = target.memoryGiB / target.vcpu;
      const classes = { ...sizes, observedP99Pct: null, currentGiBPerVcpu: round1(currentClass), targetGiBPerVcpu: round1(targetClass) };
      if (target.memoryGiB >= current.memoryGiB)
        return pass(`memory unknown, but ${target.sku} keeps ${target.memoryGiB} GiB ≥ ${current.memoryGiB} GiB`, classes);
      return targetClass >= currentClass
        ? pass(`memory unknown: ${target.sku} stays in the ${round1(currentClass)} GiB/vCPU memory class`, classes)
        : fail(`memory unknown: no downsize across memory classes (${round1(currentClass)} → ${round1(targetClass)} GiB/vCPU)`, classes);
    }
    const exact = (memory.p99 * current.memoryGiB) / target.memoryGiB;
    const projected = round1(exact);
    const numbers = { ...sizes, observedP99Pct: round1(memory.p99), projectedP99Pct: projected };
    return exact <= ceiling
      ? pass(`projected memory P99 ${projected}% ≤ ${ceiling}% on ${target.sku}`, numbers)
      : fail(`projected memory P99 ${projected}% > ${ceiling}% on ${target.sku}: not enough headroom`, numbers);
  },
};
