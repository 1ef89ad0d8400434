import { z } from 'zod';
import { ApprovalRequirementSchema, ApprovalSchema } from './approval.js';
import { FindingSchema } from './finding.js';
import { ProposalSchema } from './proposal.js';
import { CheckResultSchema } from './verdict.js';

/** Task queues: analysis has read-only credentials; actions is the only one that can mutate. */
export const ANALYSIS_QUEUE = 'tollgate-analysis';
export const ACTIONS_QUEUE = 'tollgate-actions';

/** Custom search attributes that turn the Temporal UI into an approval queue. */
export const SEARCH_ATTRIBUTES = {
  state: 'TollgateState',
  provider: 'TollgateProvider',
  risk: 'TollgateRisk',
  monthlySavingsUsd: 'TollgateMonthlySavingsUsd',
} as const;

export const WorkflowStateSchema = z.enum([
  'Analyzing',
  'Blocked',
  'AwaitingApproval',
  'Rejected',
  'Expired',
  'Executing',
  'Aborted',
  'Verifying',
  'Executed',
  'RolledBack',
]);
export type WorkflowState = z.infer<typeof WorkflowStateSchema>;

export const FindingWorkflowInputSchema = z.object({
  finding: FindingSchema,
  /** How long to watch utilization after a change before calling it good. */
  verifyWindowMs: z.number().int().nonnegative(),
  runId: z.string(),
});
export type FindingWorkflowInput = z.infer<typeof FindingWorkflowInputSchema>;

/** What the `pending` Query returns: everything an approver needs to decide. */
export const PendingViewSchema = z.object({
  workflowId: z.string(),
  findingId: z.string(),
  state: WorkflowStateSchema,
  summary: z.string(),
  proposal: ProposalSchema.optional(),
  proposalHash: z.string().optional(),
  checks: z.array(CheckResultSchema).default([]),
  requirement: ApprovalRequirementSchema.optional(),
  approvals: z.array(ApprovalSchema).default([]),
  expiresAt: z.string().optional(),
  outcome: z.string().optional(),
});
export type PendingView = z.infer<typeof PendingViewSchema>;

export function findingWorkflowId(findingId: string): string {
  return `finding-${findingId}`;
}
