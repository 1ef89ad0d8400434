import type { CatalogEntry } from '../../core/index.js';
import { gceMachineShape, type GceMachineShape } from './gce-machine-shape.js';

/** cluster-autoscaler's GCE price file: list prices by machine type, and per-vCPU / per-GB rates by machine series. */
export interface GcePricing {
  /** When the snapshot was taken, if the file says (cluster-autoscaler's does not). */
  generated_at?: string;
  data: {
    predefinedCpuPricePerHour: Record<string, number>;
    predefinedMemoryPricePerHourPerGb: Record<string, number>;
    instancePrices: Record<string, number>;
  };
}

/** The region the source's list prices were taken for; other regions reuse them (the file has no others). */
export const GCE_PRICE_REGION = 'us-central1';

/**
 * The catalog date: the file's own, or `undated`. Never the file's modification day, which says
 * when it was checked out, not when the prices were read.
 */
export function gceCatalogDate(pricing: GcePricing): string {
  return pricing.generated_at?.slice(0, 10) || 'undated';
}

/** The source inflates these two on purpose (so the autoscaler avoids them); GCE bills them per vCPU of CPU time and per GB. */
const INFLATED = new Set(['e2-micro', 'e2-small']);

function hourlyPrice(sku: string, shape: GceMachineShape, listed: number, rates: GcePricing['data']): number | undefined {
  if (!INFLATED.has(sku)) return listed;
  const cpu = rates.predefinedCpuPricePerHour[shape.machineSeries];
  const memory = rates.predefinedMemoryPricePerHourPerGb[shape.machineSeries];
  if (cpu === undefined || memory === undefined) return undefined;
  return Math.round((shape.vcpu * cpu + shape.memoryGiB * memory) * 1e6) / 1e6;
}

/**
 * GCE on-demand machine prices, one entry per machine type and region asked for, with the shape
 * from `gceMachineShape`. Types whose shape the name does not give are left out.
 */
export function gcpGceCatalog(pricing: GcePricing, regions: readonly string[]): CatalogEntry[] {
  const catalogDate = gceCatalogDate(pricing);
  return Object.entries(pricing.data.instancePrices).flatMap(([sku, listed]) => {
    const shape = gceMachineShape(sku);
    const hourlyUsd = shape && hourlyPrice(sku, shape, listed, pricing.data);
    if (!shape || hourlyUsd === undefined) return [];
    const { family, series, generation, processorVendor, architecture, vcpu, memoryGiB, gpu } = shape;
    return regions.map((region): CatalogEntry => ({
      provider: 'gcp',
      region,
      sku,
      family,
      vcpu,
      memoryGiB,
      architecture,
      gpu,
      hourlyUsd,
      catalogDate,
      processorVendor,
      series,
      generation,
    }));
  });
}
