/** vCPU, memory and GPUs of a predefined GCE machine type, derived from its name. */
export interface GceMachineShape {
  family: string;
  vcpu: number;
  memoryGiB: number;
  gpu: number;
}

/** GiB per vCPU by family and class, from GCE's machine-family documentation. */
const GIB_PER_VCPU: Record<string, Record<string, number>> = {
  n1: { standard: 3.75, highmem: 6.5, highcpu: 0.9 },
  n2: { standard: 4, highmem: 8, highcpu: 1 },
  n2d: { standard: 4, highmem: 8, highcpu: 1 },
  n4: { standard: 4, highmem: 8, highcpu: 2 },
  e2: { standard: 4, highmem: 8, highcpu: 1 },
  c2: { standard: 4 },
  c2d: { standard: 4, highmem: 8, highcpu: 2 },
  c3: { standard: 4, highmem: 8, highcpu: 2 },
  c3d: { standard: 4, highmem: 8, highcpu: 2 },
  t2d: { standard: 4 },
  g2: { standard: 4 },
};

/** g2 machine types carry 1, 2, 4 or 8 L4 GPUs depending on size. */
const G2_GPUS: Record<number, number> = { 4: 1, 8: 1, 12: 1, 16: 1, 32: 1, 24: 2, 48: 4, 96: 8 };

/**
 * Parses `<family>-<class>-<vcpus>` (e.g. n2-standard-8 → 8 vCPU, 32 GiB), e2-medium and the
 * a2 GPU shapes. Shared-core types (e2-micro, e2-small, f1-micro, g1-small) and local-SSD
 * variants are left out: their vCPU is fractional or their price includes disks.
 */
export function gceMachineShape(machineType: string): GceMachineShape | undefined {
  if (machineType === 'e2-medium') return { family: 'e2', vcpu: 2, memoryGiB: 4, gpu: 0 };
  const a2 = /^a2-(highgpu|megagpu|ultragpu)-(\d+)g$/.exec(machineType);
  if (a2) {
    const gpus = Number(a2[2]);
    const gibPerGpu = a2[1] === 'ultragpu' ? 170 : 85;
    return { family: 'a2', vcpu: 12 * gpus, memoryGiB: gibPerGpu * gpus, gpu: gpus };
  }
  const match = /^([a-z]\d+[a-z]?)-(standard|highmem|highcpu)-(\d+)$/.exec(machineType);
  if (!match) return undefined;
  const [, family, shapeClass, vcpuText] = match as unknown as [string, string, string, string];
  const ratio = GIB_PER_VCPU[family]?.[shapeClass];
  if (ratio === undefined) return undefined;
  const vcpu = Number(vcpuText);
  const gpu = family === 'g2' ? (G2_GPUS[vcpu] ?? 1) : 0;
  return { family, vcpu, memoryGiB: Math.round(vcpu * ratio * 100) / 100, gpu };
}
