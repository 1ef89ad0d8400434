import type { Approval, ApprovalRequirement } from './approval.js';
import type { Finding } from './finding.js';
import type { Proposal } from './proposal.js';
import type { UtilizationSummary } from './resource.js';
import type { ResourceScope } from './scope.js';
import type { CheckResult, Verdict } from './verdict.js';

// This module is imported by workflow code, so it holds constants and types only:
// nothing that pulls Node built-ins into Temporal's workflow sandbox.

/** Task queues: analysis has read-only credentials; actions is the only one that can mutate. */
export const ANALYSIS_QUEUE = 'tollgate-analysis';
export const ACTIONS_QUEUE = 'tollgate-actions';

/** Custom search attributes that turn the Temporal UI into an approval queue. */
export const SEARCH_ATTRIBUTES = {
  state: 'TollgateState',
  provider: 'TollgateProvider',
  risk: 'TollgateRisk',
  monthlySavingsUsd: 'TollgateMonthlySavingsUsd',
  /** Anomaly alerts (workflows/anomaly-workflow.ts): the incident's severity, $ impact, root-cause service and owner. */
  severity: 'TollgateSeverity',
  impact: 'TollgateImpact',
  rootCauseService: 'TollgateRootCauseService',
  owner: 'TollgateOwner',
} as const;

export const WORKFLOW_STATES = [
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
  /** A regression was found but the rollback was refused or failed: the change stays, a human must act. */
  'RollbackFailed',
] as const;
export type WorkflowState = (typeof WORKFLOW_STATES)[number];

/** The ApplicationFailure type of a refused or failed rollback: final, never retried. */
export const ROLLBACK_FAILED = 'RollbackFailed';

export interface FindingWorkflowInput {
  finding: Finding;
  /** How long to watch utilization after a change before calling it good. */
  verifyWindowMs: number;
  runId: string;
}

/** What the `pending` Query returns: everything an approver needs to decide. */
export interface PendingView {
  workflowId: string;
  findingId: string;
  state: WorkflowState;
  summary: string;
  /** Where the resource lives (cloud, account/subscription/project, region); absent in requests from before it was shown. */
  scope?: ResourceScope;
  /** The price evidence behind the savings: which price it used and the catalog's date ('list price', '2026-07-20'). */
  pricing?: { source: string; catalogDate?: string };
  proposal?: Proposal;
  proposalHash?: string;
  /**
   * The guardrails' risk (guardrails/risk.ts), the one shown everywhere: CLI, Slack, the TollgateRisk
   * search attribute. The model's own `proposal.risk` is an input, never displayed as the risk.
   */
  risk?: Verdict['risk'];
  checks: CheckResult[];
  /** The utilization the finding was judged on: evidence every rendering of the request can show. */
  utilization?: UtilizationSummary;
  /** The provider-validated dry-run, made before approval so the approver sees what will happen. */
  plan?: { steps: string[]; validatedBy: string };
  requirement?: ApprovalRequirement;
  approvals: Approval[];
  expiresAt?: string;
  outcome?: string;
  /** Where the approval request was posted (Slack), so the outcome lands on the same message. */
  message?: { channel: string; ts: string; copies?: { channel: string; ts: string }[] };
}

/**
 * The risk every rendering shows: the guardrails'. A request from before the view carried it
 * shows "unknown" rather than the model's claim.
 */
export function riskShown(view: Pick<PendingView, 'risk'>): string {
  return view.risk ?? 'unknown';
}
