import { executeChild, ParentClosePolicy } from '@temporalio/workflow';
import type { Finding } from '../core/index.js';
import { ANALYSIS_QUEUE, type FindingWorkflowInput, type PendingView } from '../core/workflow-contract.js';
import { findingWorkflow } from './finding-workflow.js';

export interface ResourceLeaseInput {
  /** The FindingWorkflow this lease opens and waits for. */
  findingWorkflowId: string;
  finding: FindingWorkflowInput;
}

/**
 * The one open request for a resource. Its workflow id is derived from the resource alone
 * (leaseIdFor), and Temporal refuses a second running workflow with the same id, so a second
 * run (or the daily Schedule) cannot open a second request while this one is pending,
 * executing or verifying. It closes when its FindingWorkflow closes, which frees the resource.
 */
export async function resourceLeaseWorkflow(input: ResourceLeaseInput): Promise<PendingView> {
  return executeChild(findingWorkflow, {
    workflowId: input.findingWorkflowId,
    taskQueue: ANALYSIS_QUEUE,
    args: [input.finding],
    // Ending the lease by hand ends its request too: a request never outlives the lease that guards it.
    parentClosePolicy: ParentClosePolicy.TERMINATE,
  });
}

/**
 * One lease per resource and kind of request: an off-hours enrollment is its own request, as a
 * VM can be idle and enrolled at once. Any other finding on a resource waits for the open one.
 */
export function leaseIdFor(finding: Pick<Finding, 'provider' | 'resourceId' | 'kind'>): string {
  return `tollgate-lease-${finding.provider}-${finding.resourceId}${finding.kind === 'off-hours' ? '-off-hours' : ''}`;
}
