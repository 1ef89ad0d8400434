/**
 * A lower bound on an Azure size's network bandwidth, in bits per second. ARM publishes no per-size
 * bandwidth (the "Expected network bandwidth" column lives only on the size pages), so Tollgate
 * takes the smallest per-vCPU figure on those pages (Av2: 250 Mbps per vCPU) and caps it at 4 Gbps.
 * Every size gets at least this much, so a VM's network share against it is never understated and
 * the idle rule errs toward "not idle". A size's published figure, when the deployment gives one
 * (`networkBandwidthMbps`), replaces the bound.
 */
export const AZURE_MBPS_PER_VCPU_FLOOR = 250;
export const AZURE_FLOOR_CAP_MBPS = 4_000;

export function azureBandwidthBitsPerSecond(size: string, vcpu: number | undefined, published: Readonly<Record<string, number>> = {}): number | undefined {
  const mbps = published[size] ?? (vcpu ? Math.min(vcpu * AZURE_MBPS_PER_VCPU_FLOOR, AZURE_FLOOR_CAP_MBPS) : undefined);
  return mbps ? mbps * 1e6 : undefined;
}
