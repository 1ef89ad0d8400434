/**
 * A lower bound on a GCE machine type's egress bandwidth, in bits per second. Compute Engine's
 * network-bandwidth page gives 2 Gbps per vCPU up to a per-series cap of 16 or 32 Gbps (shared-core
 * types: 1–2 Gbps); the APIs publish neither. Tollgate takes 2 Gbps × the type's vCPUs (for
 * shared-core types, the sustained CPU time, which gives less than their published figure) and the
 * lower cap, 16 Gbps, so a VM's network share is never understated and the idle rule errs toward
 * "not idle". A published figure given by the deployment (`networkBandwidthGbps`) replaces it.
 */
export const GCE_GBPS_PER_VCPU = 2;
export const GCE_CAP_GBPS = 16;

export function gceBandwidthBitsPerSecond(machineType: string, vcpu: number | undefined, published: Readonly<Record<string, number>> = {}): number | undefined {
  const gbps = published[machineType] ?? (vcpu ? Math.min(vcpu * GCE_GBPS_PER_VCPU, GCE_CAP_GBPS) : undefined);
  return gbps ? gbps * 1e9 : undefined;
}
