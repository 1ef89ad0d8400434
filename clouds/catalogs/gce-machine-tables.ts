/**
 * The numbers GCE's machine-family documentation publishes for predefined machine types, which
 * the names alone do not carry. Each ratio was also checked against the price file: the listed
 * price is the series' per-vCPU rate × vCPUs + per-GB rate × memory (+ GPUs or Local SSD).
 */

/** GB of memory per vCPU by machine series and class; a series or class missing here is not guessed. */
export const GIB_PER_VCPU: Record<string, Record<string, number>> = {
  n1: { standard: 3.75, highmem: 6.5, highcpu: 0.9 },
  n2: { standard: 4, highmem: 8, highcpu: 1 },
  n2d: { standard: 4, highmem: 8, highcpu: 1 },
  n4: { standard: 4, highmem: 8, highcpu: 2 },
  e2: { standard: 4, highmem: 8, highcpu: 1 },
  c2: { standard: 4 },
  c2d: { standard: 4, highmem: 8, highcpu: 2 },
  c3: { standard: 4, highmem: 8, highcpu: 2 },
  c3d: { standard: 4, highmem: 8, highcpu: 2 },
  c4a: { standard: 4, highmem: 8, highcpu: 2 },
  t2d: { standard: 4 },
  t2a: { standard: 4 },
  g2: { standard: 4 },
  h4d: { standard: 3.75, highmem: 7.75 },
  z3: { highmem: 8 },
  z4d: { standard: 4, highmem: 8 },
};

/**
 * Shared-core types: the guest sees `guestVcpus`, but the VM is entitled to (and billed for)
 * `cpuTime` vCPUs of time, bursting above it only while credits last.
 */
export const SHARED_CORE: Record<string, { machineSeries: string; cpuTime: number; guestVcpus: number; memoryGiB: number }> = {
  'e2-micro': { machineSeries: 'e2', cpuTime: 0.25, guestVcpus: 2, memoryGiB: 1 },
  'e2-small': { machineSeries: 'e2', cpuTime: 0.5, guestVcpus: 2, memoryGiB: 2 },
  'e2-medium': { machineSeries: 'e2', cpuTime: 1, guestVcpus: 2, memoryGiB: 4 },
  'f1-micro': { machineSeries: 'n1', cpuTime: 0.2, guestVcpus: 1, memoryGiB: 0.6 },
  'g1-small': { machineSeries: 'n1', cpuTime: 0.5, guestVcpus: 1, memoryGiB: 1.7 },
};

/** A2 (NVIDIA A100): 12 vCPUs per GPU, 85 GB per 40 GB GPU, 170 GB per 80 GB (ultragpu) GPU; megagpu-16g is 96 vCPUs. */
export const A2_SHAPES: Record<string, { vcpu: number; memoryGiB: number; gpu: number }> = {
  'a2-highgpu-1g': { vcpu: 12, memoryGiB: 85, gpu: 1 },
  'a2-highgpu-2g': { vcpu: 24, memoryGiB: 170, gpu: 2 },
  'a2-highgpu-4g': { vcpu: 48, memoryGiB: 340, gpu: 4 },
  'a2-highgpu-8g': { vcpu: 96, memoryGiB: 680, gpu: 8 },
  'a2-megagpu-16g': { vcpu: 96, memoryGiB: 1360, gpu: 16 },
  'a2-ultragpu-1g': { vcpu: 12, memoryGiB: 170, gpu: 1 },
  'a2-ultragpu-2g': { vcpu: 24, memoryGiB: 340, gpu: 2 },
  'a2-ultragpu-4g': { vcpu: 48, memoryGiB: 680, gpu: 4 },
  'a2-ultragpu-8g': { vcpu: 96, memoryGiB: 1360, gpu: 8 },
};

/** G2 (NVIDIA L4) GPUs by vCPU count: not proportional (g2-standard-32 has one, g2-standard-24 two). */
export const G2_GPUS: Record<number, number> = { 4: 1, 8: 1, 12: 1, 16: 1, 32: 1, 24: 2, 48: 4, 96: 8 };

/** Storage-optimized series whose every type bundles Titanium Local SSD in its price, suffix or not. */
export const BUNDLED_LOCAL_SSD = new Set(['z3', 'z4d']);
