import type { CatalogEntry } from '../../core/index.js';
import { gceMachineShape } from './gce-machine-shape.js';

/** One region's on-demand rates per machine series (USD per vCPU hour, per GiB hour) and their date. */
export interface GceSeriesRates {
  region: string;
  generated_at: string;
  rates: Record<string, { core?: number; ram?: number }>;
}

/**
 * Prices each predefined machine type as GCE bills it: vCPUs × the series' core rate + GiB × its
 * RAM rate (shared-core types by their CPU time). Types with GPUs or bundled Local SSD are left
 * out (those parts are priced by other SKUs), as are series the rates do not cover.
 */
export function gceCatalogFromRates(rates: GceSeriesRates, machineTypes: Iterable<string>): CatalogEntry[] {
  const catalogDate = rates.generated_at.slice(0, 10);
  const entries: CatalogEntry[] = [];
  for (const sku of machineTypes) {
    const shape = gceMachineShape(sku);
    if (!shape || shape.gpu > 0 || shape.localSsd) continue;
    const { core, ram } = rates.rates[shape.machineSeries] ?? {};
    if (core === undefined || ram === undefined) continue;
    const { family, series, generation, processorVendor, architecture, vcpu, memoryGiB, gpu } = shape;
    entries.push({
      provider: 'gcp',
      region: rates.region,
      sku,
      family,
      vcpu,
      memoryGiB,
      architecture,
      gpu,
      hourlyUsd: Math.round((vcpu * core + memoryGiB * ram) * 1e6) / 1e6,
      catalogDate,
      processorVendor,
      series,
      generation,
    });
  }
  return entries;
}
