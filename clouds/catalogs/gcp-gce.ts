import type { CatalogEntry } from '../../core/index.js';
import { gceMachineShape } from '../pricing/gce-machine-type.js';

interface GcePricing {
  data: {
    predefinedCpuPricePerHour: Record<string, number>;
    predefinedMemoryPricePerHourPerGb: Record<string, number>;
    instancePrices: Record<string, number>;
  };
}

/** Shared-core E2 types: fractional vCPU and fixed memory (GCE machine-type docs). */
const SHARED_CORE: Record<string, { vcpu: number; memoryGiB: number }> = {
  'e2-micro': { vcpu: 0.25, memoryGiB: 1 },
  'e2-small': { vcpu: 0.5, memoryGiB: 2 },
  'e2-medium': { vcpu: 1, memoryGiB: 4 },
};

/** GB per vCPU by class; N1 keeps its older ratios, C3/C3D/C2D highcpu have 2 GB. */
function memoryPerVcpu(family: string, machineClass: string): number | undefined {
  if (machineClass === 'standard') return family === 'n1' ? 3.75 : 4;
  if (machineClass === 'highmem') return family === 'n1' ? 6.5 : 8;
  if (machineClass === 'highcpu') return family === 'n1' ? 0.9 : ['c3', 'c3d', 'c2d'].includes(family) ? 2 : 1;
  return undefined;
}

/** vCPU and memory from the machine-type name (`n2-standard-8` = 8 vCPU, 32 GB); undefined when the name does not say. */
export function gceShape(machineType: string): { vcpu: number; memoryGiB: number } | undefined {
  const shared = SHARED_CORE[machineType];
  if (shared) return shared;
  const [family, machineClass, count] = machineType.split('-');
  const vcpu = Number(count);
  const perVcpu = family && machineClass ? memoryPerVcpu(family, machineClass) : undefined;
  if (!Number.isInteger(vcpu) || vcpu <= 0 || perVcpu === undefined) return undefined;
  return { vcpu, memoryGiB: vcpu * perVcpu };
}

export function describeGceFamily(family: string): { generation?: number; processorVendor: string } {
  const digits = /\d+/.exec(family);
  const processorVendor = family.endsWith('a') ? 'arm' : family.endsWith('d') ? 'amd' : 'intel';
  return { ...(digits ? { generation: Number(digits[0]) } : {}), processorVendor };
}

/**
 * GCE on-demand machine prices. The source inflates e2-micro and e2-small on purpose, so
 * those two are priced from E2's per-vCPU and per-GB rates instead of their listed price.
 */
export function gcpGceCatalog(pricing: GcePricing, catalogDate: string, region = 'us-central1'): CatalogEntry[] {
  const { instancePrices, predefinedCpuPricePerHour: cpuRate, predefinedMemoryPricePerHourPerGb: memRate } = pricing.data;
  return Object.entries(instancePrices).flatMap(([sku, listed]) => {
    const shape = gceShape(sku);
    if (!shape) return [];
    const family = sku.split('-')[0]!;
    const inflated = sku === 'e2-micro' || sku === 'e2-small';
    const hourlyUsd = inflated ? shape.vcpu * (cpuRate.e2 ?? 0) + shape.memoryGiB * (memRate.e2 ?? 0) : listed;
    const { generation, processorVendor } = describeGceFamily(family);
    return [
      {
        provider: 'gcp' as const,
        region,
        sku,
        family: `${family}-${sku.split('-')[1]}`,
        ...shape,
        architecture: processorVendor === 'arm' ? ('arm64' as const) : ('x86_64' as const),
        // G2 sizes carry L4 GPUs (clouds/pricing's shape table), so a GPU machine is never a plain move.
        gpu: gceMachineShape(sku)?.gpu ?? 0,
        hourlyUsd: Math.round(hourlyUsd * 1e6) / 1e6,
        catalogDate,
        processorVendor,
        series: sku.split('-')[1]!,
        ...(generation === undefined ? {} : { generation }),
      },
    ];
  });
}
