import { A2_SHAPES, BUNDLED_LOCAL_SSD, G2_GPUS, GIB_PER_VCPU, SHARED_CORE } from './gce-machine-tables.js';

/** What a predefined GCE machine type is, derived from its name and GCE's published shapes. */
export interface GceMachineShape {
  /** Sizes of one ratio, generation and vendor, like AWS's m5: `n2-standard`, `e2-shared-core`, `z3-highmem-highlssd`. */
  family: string;
  /** The class across generations and vendors (CatalogEntry.series): standard, highmem, highcpu, shared-core, highgpu; `-lssd` when Local SSD is in the price. */
  series: string;
  /** GCE's own "machine series": n2, e2, c3d, a2 (the price file's per-vCPU and per-GB rates are keyed by it). */
  machineSeries: string;
  generation: number;
  processorVendor: 'intel' | 'amd' | 'arm';
  architecture: 'x86_64' | 'arm64';
  /** vCPUs of CPU time the type sustains, the allocation Cloud Monitoring's CPU utilization is a fraction of. */
  vcpu: number;
  /** vCPUs the guest OS sees: 2 for every E2 shared-core type, otherwise equal to `vcpu`. */
  guestVcpus: number;
  memoryGiB: number;
  gpu: number;
  sharedCore: boolean;
  /** The listed price includes bundled Local SSD (`-lssd` types, Z3, Z4D). */
  localSsd: boolean;
}

type Size = Pick<GceMachineShape, 'vcpu' | 'guestVcpus' | 'memoryGiB' | 'gpu'>;

/** n2d/c3d AMD, t2a/c4a Arm, the rest Intel; the generation is the series' number. */
function describe(machineSeries: string, shapeClass: string, size: Size, flags: { sharedCore?: boolean; lssdSuffix?: string } = {}): GceMachineShape {
  const letters = /^[a-z]\d+([a-z]*)$/.exec(machineSeries)?.[1] ?? '';
  const processorVendor = letters.endsWith('a') ? 'arm' : letters.endsWith('d') ? 'amd' : 'intel';
  const localSsd = flags.lssdSuffix !== undefined || BUNDLED_LOCAL_SSD.has(machineSeries);
  return {
    family: [machineSeries, shapeClass, flags.lssdSuffix].filter(Boolean).join('-'),
    series: localSsd ? `${shapeClass}-lssd` : shapeClass,
    machineSeries,
    generation: Number(/\d+/.exec(machineSeries)?.[0]),
    processorVendor,
    architecture: processorVendor === 'arm' ? 'arm64' : 'x86_64',
    ...size,
    sharedCore: flags.sharedCore ?? false,
    localSsd,
  };
}

/**
 * Parses `<series>-<class>-<vcpus>[-<lssd>]` (n2-standard-8 = 8 vCPU, 32 GB), the shared-core
 * types and the A2 GPU shapes. Undefined for anything GCE's documentation does not pin down from
 * the name (custom types, M1/M2 memory-optimized, series missing from the ratio table).
 */
export function gceMachineShape(machineType: string): GceMachineShape | undefined {
  const shared = SHARED_CORE[machineType];
  if (shared) {
    const size = { vcpu: shared.cpuTime, guestVcpus: shared.guestVcpus, memoryGiB: shared.memoryGiB, gpu: 0 };
    return describe(shared.machineSeries, 'shared-core', size, { sharedCore: true });
  }
  const a2 = A2_SHAPES[machineType];
  if (a2) return describe('a2', machineType.split('-')[1]!, { ...a2, guestVcpus: a2.vcpu });
  const match = /^([a-z]\d+[a-z]?)-(standard|highmem|highcpu)-(\d+)(?:-([a-z]*lssd))?$/.exec(machineType);
  if (!match) return undefined;
  const [, machineSeries, shapeClass, count, lssdSuffix] = match as unknown as [string, string, string, string, string | undefined];
  const ratio = GIB_PER_VCPU[machineSeries]?.[shapeClass];
  const vcpu = Number(count);
  const gpu = machineSeries === 'g2' ? G2_GPUS[vcpu] : 0;
  if (ratio === undefined || gpu === undefined || vcpu <= 0) return undefined;
  const size = { vcpu, guestVcpus: vcpu, memoryGiB: Math.round(vcpu * ratio * 100) / 100, gpu };
  return describe(machineSeries, shapeClass, size, lssdSuffix ? { lssdSuffix } : {});
}
