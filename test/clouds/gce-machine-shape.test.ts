import { describe, expect, it } from 'vitest';
import { gceMachineShape, type GceMachineShape } from '../../clouds/catalogs/gce-machine-shape.js';

type Expected = Partial<GceMachineShape>;

/** GCE's machine-family documentation, one row per case the two former loaders handled (or disagreed on). */
const TABLE: [string, Expected][] = [
  // Shared-core: CPU time is the fractional vCPU (what utilization is measured against); the guest sees 2.
  ['e2-micro', { vcpu: 0.25, guestVcpus: 2, memoryGiB: 1, family: 'e2-shared-core', series: 'shared-core', sharedCore: true, generation: 2 }],
  ['e2-small', { vcpu: 0.5, guestVcpus: 2, memoryGiB: 2, family: 'e2-shared-core', sharedCore: true }],
  ['e2-medium', { vcpu: 1, guestVcpus: 2, memoryGiB: 4, family: 'e2-shared-core', machineSeries: 'e2', sharedCore: true }],
  ['f1-micro', { vcpu: 0.2, guestVcpus: 1, memoryGiB: 0.6, family: 'n1-shared-core', generation: 1 }],
  ['g1-small', { vcpu: 0.5, guestVcpus: 1, memoryGiB: 1.7, family: 'n1-shared-core' }],
  // The usual ratios, with GCE's machine series kept beside the family.
  [
    'n2-standard-8',
    { vcpu: 8, guestVcpus: 8, memoryGiB: 32, family: 'n2-standard', series: 'standard', machineSeries: 'n2', generation: 2, gpu: 0, sharedCore: false },
  ],
  ['e2-highcpu-16', { vcpu: 16, memoryGiB: 16, family: 'e2-highcpu' }],
  ['n2d-highmem-4', { vcpu: 4, memoryGiB: 32, processorVendor: 'amd', architecture: 'x86_64' }],
  // N1 keeps its older ratios.
  ['n1-standard-1', { vcpu: 1, memoryGiB: 3.75, generation: 1 }],
  ['n1-highmem-4', { vcpu: 4, memoryGiB: 26 }],
  ['n1-highcpu-16', { vcpu: 16, memoryGiB: 14.4 }],
  // highcpu is 2 GB per vCPU on C2D, C3, C3D and N4 (1 GB on N2, N2D, E2).
  ['c2d-highcpu-2', { vcpu: 2, memoryGiB: 4, processorVendor: 'amd' }],
  ['c3-highcpu-4', { vcpu: 4, memoryGiB: 8, generation: 3, processorVendor: 'intel' }],
  ['c3d-highcpu-8', { vcpu: 8, memoryGiB: 16, processorVendor: 'amd' }],
  ['n4-highcpu-2', { vcpu: 2, memoryGiB: 4, generation: 4 }],
  ['n2-highcpu-8', { vcpu: 8, memoryGiB: 8 }],
  ['c2-standard-30', { vcpu: 30, memoryGiB: 120 }],
  // Tau: T2D AMD; T2A and C4A Arm.
  ['t2d-standard-1', { vcpu: 1, memoryGiB: 4, processorVendor: 'amd', architecture: 'x86_64' }],
  ['t2a-standard-4', { vcpu: 4, memoryGiB: 16, processorVendor: 'arm', architecture: 'arm64' }],
  ['c4a-highcpu-8', { vcpu: 8, memoryGiB: 16, processorVendor: 'arm', architecture: 'arm64', generation: 4 }],
  // GPUs: A2 A100s (megagpu-16g is 96 vCPUs, not 12 per GPU), G2 L4 counts not proportional to size.
  ['a2-highgpu-1g', { vcpu: 12, memoryGiB: 85, gpu: 1, family: 'a2-highgpu', series: 'highgpu' }],
  ['a2-highgpu-8g', { vcpu: 96, memoryGiB: 680, gpu: 8 }],
  ['a2-megagpu-16g', { vcpu: 96, memoryGiB: 1360, gpu: 16 }],
  ['a2-ultragpu-4g', { vcpu: 48, memoryGiB: 680, gpu: 4 }],
  ['g2-standard-4', { vcpu: 4, memoryGiB: 16, gpu: 1 }],
  ['g2-standard-24', { vcpu: 24, memoryGiB: 96, gpu: 2 }],
  ['g2-standard-32', { vcpu: 32, memoryGiB: 128, gpu: 1 }],
  ['g2-standard-96', { vcpu: 96, memoryGiB: 384, gpu: 8 }],
  // Local SSD in the price: Z3 always, `-lssd` types; a series of their own for rightsizing.
  ['z3-highmem-88', { vcpu: 88, memoryGiB: 704, localSsd: true, family: 'z3-highmem', series: 'highmem-lssd' }],
  ['z3-highmem-14-standardlssd', { vcpu: 14, memoryGiB: 112, localSsd: true, family: 'z3-highmem-standardlssd' }],
  ['z4d-standard-16-standardlssd', { vcpu: 16, memoryGiB: 64, processorVendor: 'amd', localSsd: true }],
  ['h4d-highmem-192-lssd', { vcpu: 192, memoryGiB: 1488, family: 'h4d-highmem-lssd', series: 'highmem-lssd', localSsd: true }],
  ['n2-standard-4', { localSsd: false }],
];

describe('gceMachineShape: one parser for every GCE machine type the catalogs price', () => {
  it.each(TABLE)('%s', (machineType, expected) => {
    expect(gceMachineShape(machineType)).toMatchObject(expected);
  });

  it('guesses nothing the name and the documentation do not give', () => {
    for (const name of ['n2-custom-4-16384', 'm1-megamem-96', 'c4-standard-8', 'g2-standard-6', 'n2-standard-0', 'e2-large', 'n2-standard-8-foo']) {
      expect(gceMachineShape(name), name).toBeUndefined();
    }
  });
});
