import type { CatalogEntry, Finding, Resource, UtilizationSummary } from '../core/index.js';
import { findIdle, type IdleThresholds } from './idle.js';
import { findOrphan } from './orphans.js';
import { findRightsizing, type RightsizingThresholds } from './rightsizing.js';

export interface ScannedResource {
  resource: Resource;
  /** Absent for volumes and addresses, which have no utilization to read. */
  utilization?: UtilizationSummary;
}

/**
 * Runs the resource finders over an inventory snapshot; pure, so the same snapshot gives the
 * same findings. An idle VM is reported as idle, not also as a rightsizing candidate.
 */
export function scanForFindings(
  snapshot: readonly ScannedResource[],
  catalog: readonly CatalogEntry[],
  detectedAt: string,
  thresholds?: RightsizingThresholds,
  idle?: IdleThresholds,
): Finding[] {
  return snapshot.flatMap(({ resource, utilization }) => {
    const orphan = findOrphan(resource, detectedAt);
    if (orphan) return [orphan];
    if (!utilization) return [];
    const finding = findIdle(resource, utilization, catalog, detectedAt, idle) ?? findRightsizing(resource, utilization, catalog, detectedAt, thresholds);
    return finding ? [finding] : [];
  });
}
