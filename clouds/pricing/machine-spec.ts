import type { Architecture } from '../../core/index.js';

/** The cluster-autoscaler spec files' shape for one machine type. */
export interface MachineSpec {
  VCPU: number;
  MemoryMb: number;
  GPU: number;
  Architecture: string;
  SkuFamily?: string;
}

export interface SpecFile {
  instance_types: Record<string, MachineSpec>;
}

export function architectureOf(spec: MachineSpec): Architecture {
  return spec.Architecture === 'arm64' ? 'arm64' : 'x86_64';
}
