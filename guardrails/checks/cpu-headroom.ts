import { catalogEntry, fail, pass, type Check } from '../check.js';

/**
 * Projects the observed CPU P99.5 onto the target's vCPU count and requires it to stay
 * at or under the policy's ceiling (80 %: AWS Compute Optimizer's 20 % headroom).
 */
export const cpuHeadroom: Check = {
  name: 'cpu-headroom',
  version: 1,
  appliesTo: (a) => a.type === 'resize',
  run: (ctx) => {
    const { proposal, resource, utilization, policy } = ctx;
    if (proposal.action.type !== 'resize') return pass('not a resize', {});
    const current = catalogEntry(ctx, resource.sku);
    const target = catalogEntry(ctx, proposal.action.toSku);
    const ceiling = policy.rightsizing.maxProjectedCpuP995Pct;
    if (!current || !target || !utilization) {
      return fail('cannot project CPU: current size, target size or utilization unknown', { ceilingPct: ceiling });
    }
    const projected = (utilization.cpu.p995 * current.vcpu) / target.vcpu;
    const numbers = {
      observedP995Pct: round(utilization.cpu.p995),
      currentVcpu: current.vcpu,
      targetVcpu: target.vcpu,
      projectedP995Pct: round(projected),
      ceilingPct: ceiling,
    };
    return projected <= ceiling
      ? { passed: true, reason: `projected CPU P99.5 ${round(projected)}% ≤ ${ceiling}% on ${target.sku}`, numbers }
      : { passed: false, reason: `projected CPU P99.5 ${round(projected)}% > ${ceiling}% on ${target.sku}: not enough headroom`, numbers };
  },
};

function round(x: number): number {
  return Math.round(x * 10) / 10;
}
