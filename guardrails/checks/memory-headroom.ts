import { catalogEntry, fail, pass, type Check } from '../check.js';
import { round1 } from '../numbers.js';
import { isUserFacing } from '../workload.js';

/**
 * Projects memory P99 onto the target's GiB and requires headroom (60 % for user-facing
 * workloads, Azure Advisor). Without memory metrics, a size with less memory is refused.
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
      return target.memoryGiB < current.memoryGiB
        ? fail(`memory unknown: no downsize from ${current.memoryGiB} GiB to ${target.memoryGiB} GiB`, { ...sizes, observedP99Pct: null })
        : pass(`memory unknown, but ${target.sku} keeps ${target.memoryGiB} GiB ≥ ${current.memoryGiB} GiB`, { ...sizes, observedP99Pct: null });
    }
    const exact = (memory.p99 * current.memoryGiB) / target.memoryGiB;
    const projected = round1(exact);
    const numbers = { ...sizes, observedP99Pct: round1(memory.p99), projectedP99Pct: projected };
    return exact <= ceiling
      ? pass(`projected memory P99 ${projected}% ≤ ${ceiling}% on ${target.sku}`, numbers)
      : fail(`projected memory P99 ${projected}% > ${ceiling}% on ${target.sku}: not enough headroom`, numbers);
  },
};
