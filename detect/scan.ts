import type { CatalogEntry, Finding, Resource, UtilizationSummary } from '../core/index.js';
import { findRightsizing, type RightsizingThresholds } from './rightsizing.js';

export interface ScannedResource {
  resource: Resource;
  utilization: UtilizationSummary;
}

/** Runs the resource finders over an inventory snapshot; pure, so the same snapshot gives the same findings. */
export function scanForFindings(
  snapshot: readonly ScannedResource[],
  catalog: readonly CatalogEntry[],
  detectedAt: string,
  thresholds?: RightsizingThresholds,
): Finding[] {
  return snapshot.flatMap(({ resource, utilization }) => {
    const finding = findRightsizing(resource, utilization, catalog, detectedAt, thresholds);
    return finding ? [finding] : [];
  });
}
