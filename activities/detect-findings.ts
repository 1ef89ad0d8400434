import type { CloudReader } from '../clouds/provider.js';
import { addMs, type Finding } from '../core/index.js';
import { scanForFindings } from '../detect/scan.js';
import type { Policy } from '../guardrails/index.js';

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
  return scanForFindings(snapshot, await cloud.catalog(), now, policy.rightsizing);
}
