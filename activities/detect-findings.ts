import type { CloudReader } from '../clouds/provider.js';
import { addMs, type Finding } from '../core/index.js';
import { findOffHours } from '../detect/off-hours.js';
import { scanForFindings } from '../detect/scan.js';
import { isProduction, type Policy } from '../guardrails/index.js';

/** Reads inventory and utilization from a cloud and runs the deterministic finders on it. */
export async function detectFindings(cloud: CloudReader, policy: Policy, now: string): Promise<Finding[]> {
  const from = addMs(now, -policy.rightsizing.lookbackDays * 86_400_000);
  const resources = await cloud.listResources();
  // Volumes and addresses have no utilization; VMs do.
  const snapshot = await Promise.all(
    resources.map(async (resource) =>
      resource.kind === 'vm' ? { resource, utilization: await cloud.utilization(resource.id, { from, to: now }) } : { resource },
    ),
  );
  const catalog = await cloud.catalog();
  const offHours = findOffHours(resources, catalog, now, {
    tagKey: policy.offHours.tagKey,
    schedules: policy.offHours.schedules,
    aliases: policy.tags.aliases,
    isProduction: (resource) => isProduction(resource, policy),
  });
  return [...scanForFindings(snapshot, catalog, now, policy.rightsizing), ...offHours];
}
