import { monthlyFromHourly, roundCents, type Candidate, type CatalogEntry, type UtilizationSummary } from '../core/index.js';

export interface CandidateLimits {
  maxProjectedCpuP995Pct: number;
  maxProjectedMemoryP99Pct: number;
  minMonthlySavingsUsd: number;
  /** User-facing workloads (Azure Advisor): projected P95 CPU and P99 memory ceilings. */
  userFacing: boolean;
  maxUserFacingCpuP95Pct: number;
  maxUserFacingMemoryP99Pct: number;
}

const round1 = (x: number) => Math.round(x * 10) / 10;
const seriesOf = (e: CatalogEntry) => e.series ?? e.family;

/**
 * Which kind of move a target is from the current size: the same family smaller, a newer
 * generation of the series, the other x86 vendor, or (flagged, proposal-only) Arm or GPU.
 */
function relation(current: CatalogEntry, target: CatalogEntry): Candidate['flags'] | undefined {
  if (target.sku === current.sku) return undefined;
  if (target.family === current.family) return [];
  if (seriesOf(target) !== seriesOf(current)) return undefined;
  const flags: Candidate['flags'] = [];
  if (target.architecture !== current.architecture) flags.push('architecture-change');
  else if (target.processorVendor && current.processorVendor && target.processorVendor !== current.processorVendor) flags.push('processor-vendor-change');
  if ((target.generation ?? 0) > (current.generation ?? 0)) flags.push('newer-generation');
  else if ((target.generation ?? 0) < (current.generation ?? 0)) return undefined; // never move to an older generation
  return flags;
}

/** Catalog targets that keep the workload inside every limit and save money, best saving first. */
export function rightsizingCandidates(
  current: CatalogEntry,
  utilization: UtilizationSummary,
  catalog: readonly CatalogEntry[],
  limits: CandidateLimits,
): Candidate[] {
  const currentMonthly = monthlyFromHourly(current.hourlyUsd);
  const out: Candidate[] = [];
  for (const target of catalog) {
    if (target.provider !== current.provider || target.region !== current.region) continue;
    const flags = relation(current, target);
    if (!flags) continue;
    if (target.gpu !== current.gpu) {
      if (target.gpu === 0 || current.gpu === 0) continue; // dropping or adding a GPU changes the workload, not its size
      flags.push('gpu');
    } else if (target.gpu > 0) flags.push('gpu');
    const cpuScale = current.vcpu / target.vcpu;
    const projectedCpuP995Pct = round1(utilization.cpu.p995 * cpuScale);
    if (projectedCpuP995Pct > limits.maxProjectedCpuP995Pct) continue;
    if (limits.userFacing && utilization.cpu.p95 * cpuScale > limits.maxUserFacingCpuP95Pct) continue;
    if (!memoryFits(current, target, utilization, limits, flags)) continue;
    const monthlySavingsUsd = roundCents(currentMonthly - monthlyFromHourly(target.hourlyUsd));
    if (monthlySavingsUsd < limits.minMonthlySavingsUsd) continue;
    out.push({
      sku: target.sku,
      vcpu: target.vcpu,
      memoryGiB: target.memoryGiB,
      architecture: target.architecture,
      hourlyUsd: target.hourlyUsd,
      monthlySavingsUsd,
      projectedCpuP995Pct,
      flags,
    });
  }
  return out.sort((a, b) => b.monthlySavingsUsd - a.monthlySavingsUsd || a.sku.localeCompare(b.sku));
}

/**
 * Memory unknown: the target must have at least the current memory-per-vCPU class and no
 * less memory than the projected need allows, i.e. no downsize across memory classes.
 * Memory known: projected P99 must fit (60% for user-facing, else 80%).
 */
function memoryFits(current: CatalogEntry, target: CatalogEntry, utilization: UtilizationSummary, limits: CandidateLimits, flags: Candidate['flags']): boolean {
  const sameClass = Math.abs(target.memoryGiB / target.vcpu - current.memoryGiB / current.vcpu) < 1e-6;
  if (!utilization.memory) return sameClass || target.memoryGiB >= current.memoryGiB;
  if (!sameClass) flags.push('cross-memory-class');
  const projectedMemP99 = (utilization.memory.p99 * current.memoryGiB) / target.memoryGiB;
  return projectedMemP99 <= (limits.userFacing ? limits.maxUserFacingMemoryP99Pct : limits.maxProjectedMemoryP99Pct);
}
