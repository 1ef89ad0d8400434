import type { CloudReader } from '../clouds/provider.js';
import { addMs, type Finding, type Proposal } from '../core/index.js';
import type { CheckContext, Policy } from '../guardrails/index.js';

/** Reads the facts guardrails judge on, fresh from the cloud, stamped with when they were read. */
export async function gatherFacts(cloud: CloudReader, finding: Finding, proposal: Proposal, policy: Policy, now: string): Promise<CheckContext> {
  const from = addMs(now, -policy.rightsizing.lookbackDays * 86_400_000);
  const [resource, catalog] = await Promise.all([cloud.getResource(finding.resourceId), cloud.catalog()]);
  // Volumes and addresses have no utilization to judge.
  const utilization = resource.kind === 'vm' ? await cloud.utilization(finding.resourceId, { from, to: now }) : undefined;
  return { proposal, finding, resource, utilization, catalog, policy, factsAt: now, now };
}
