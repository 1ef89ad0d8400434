import { z } from 'zod';
import { ActionSchema, OffHoursActionSchema } from './action.js';
import { ApprovalSchema } from './approval.js';
import { ActorSchema, ProposalSchema } from './proposal.js';
import { ResourceScopeSchema } from './scope.js';
import { VerdictSchema } from './verdict.js';

/**
 * What each step's decision record holds in `output`. Readers use these typed fields (a
 * `kind`, a `regressed`, a `decision`), never the outcome text. Each schema names the fields
 * some reader or auditor relies on; objects marked loose keep the writer's further evidence
 * (a cloud's mutation result, an agent's enrichment) verbatim, as it was hashed.
 */

/** A cloud change as the provider reported it (clouds/ MutationResult). */
export const MutationResultSchema = z.object({
  action: ActionSchema,
  idempotencyKey: z.string(),
  appliedNow: z.boolean(),
  priorSku: z.string(),
  currentSku: z.string(),
  at: z.string(),
});

/** A model attempt that failed validation and asked for a repair; the next record has the result. */
const RepairSchema = z.object({
  kind: z.literal('repair'),
  problem: z.string().optional(),
  /** Why the endpoint stopped: `length` when the answer was cut at the output cap. */
  finishReason: z.string().optional(),
});

export const EnrichOutputSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('enrichment'), enrichment: z.looseObject({ source: z.enum(['llm', 'fallback']) }) }),
  RepairSchema,
]);

export const ProposeOutputSchema = z.discriminatedUnion('kind', [
  z.object({
    kind: z.literal('proposal'),
    proposal: ProposalSchema,
    skuAdvice: z.unknown().optional(),
    /** Where the resource lives: cloud, account/subscription/project, region (absent in records from before it was kept). */
    scope: ResourceScopeSchema.optional(),
  }),
  /** The route only explains (an anomaly): nothing to change. */
  z.object({ kind: z.literal('no-proposal'), route: z.string() }),
  RepairSchema,
]);

export const CheckOutputSchema = VerdictSchema;

/** The provider-validated dry-run (clouds/ MutationPlan). */
export const PlanOutputSchema = z.object({ action: ActionSchema, validatedBy: z.string(), steps: z.array(z.string()) });

export const BudgetAlertSchema = z.object({
  id: z.string(),
  budget: z.string(),
  periodStart: z.string(),
  periodEnd: z.string(),
  asOf: z.string(),
  thresholdPct: z.number(),
  spentUsd: z.number(),
  projectedUsd: z.number(),
  projectedPct: z.number(),
  budgetUsd: z.number(),
  scope: z.object({ dimension: z.string(), key: z.string(), tagKey: z.string().optional() }),
});
export type BudgetAlert = z.infer<typeof BudgetAlertSchema>;

export const AlertDeliverySchema = z.discriminatedUnion('status', [
  z.object({ status: z.literal('delivered'), channel: z.string(), ts: z.string() }),
  /** No Slack configured: the audit record and the run's result are the alert. */
  z.object({ status: z.literal('recorded') }),
  /** Slack refused or failed: the next run tries again. */
  z.object({ status: z.literal('undelivered'), error: z.string() }),
]);
export type AlertDelivery = z.infer<typeof AlertDeliverySchema>;

export const NotifyOutputSchema = z.discriminatedUnion('kind', [
  z.object({
    kind: z.literal('approval-request'),
    needed: z.number().int().optional(),
    expiresAt: z.string().optional(),
    channels: z.array(z.string()),
    /** The Slack post, and one copy per further owner the tags name (each gets the outcome too). */
    message: z.object({ channel: z.string(), ts: z.string(), copies: z.array(z.object({ channel: z.string(), ts: z.string() })).optional() }).optional(),
  }),
  z.object({ kind: z.literal('budget-alert'), runId: z.string(), alert: BudgetAlertSchema, delivery: AlertDeliverySchema }),
  /** A cost incident's alert to its owner: Slack channels and a Jira issue, and what failed. */
  z.object({
    kind: z.literal('anomaly-alert'),
    incidentId: z.string(),
    rootCause: z.string(),
    slack: z.array(z.object({ channel: z.string(), ts: z.string() })),
    jira: z.object({ key: z.string(), url: z.string() }).optional(),
    failures: z.array(z.string()),
    /** false when the model's explanation failed and the alert carried the deterministic facts alone */
    explained: z.boolean(),
  }),
  z.object({
    kind: z.literal('off-hours-report'),
    counts: z.record(z.string(), z.number()),
    needsAttention: z.array(z.unknown()),
    posted: z.array(z.string()),
    undelivered: z.array(z.string()),
  }),
]);

/**
 * An approval or rejection with its SSH signature and the key the decide validator accepted it
 * with (`audit verify` re-verifies both); loose so a later field is kept as it was given.
 */
export const ApproveOutputSchema = ApprovalSchema.extend({ signedWith: z.string().optional() }).loose();

export const ExpireOutputSchema = z.object({ expiresAt: z.string().optional(), approvals: z.array(ApprovalSchema.loose()) });

/** What an approved off-hours enrollment records: the nightly runs read it back as their authority. */
export const EnrollmentRecordSchema = z.object({
  workflowId: z.string(),
  findingId: z.string(),
  proposal: z.object({ findingId: z.string(), action: OffHoursActionSchema, estimatedMonthlySavingsUsd: z.number() }),
  proposalHash: z.string(),
  proposer: ActorSchema,
  approvals: z.array(ApprovalSchema.loose()),
  enrolledAt: z.string(),
  validUntil: z.string(),
});
export type EnrollmentRecord = z.infer<typeof EnrollmentRecordSchema>;

/** What each nightly stop or morning start records. */
export const ScheduledChangeRecordSchema = z.object({
  enrollmentWorkflowId: z.string(),
  schedule: z.string(),
  phase: z.enum(['stop', 'start']),
  firingId: z.string(),
  resourceId: z.string(),
  /** The cloud change's idempotency key: one per enrollment, phase and scheduled minute. */
  idempotencyKey: z.string().optional(),
  /** The VM's last-change time as read right after this change: a later one means someone else acted. */
  lastChangedAtAfter: z.string().optional(),
});
export type ScheduledChangeRecord = z.infer<typeof ScheduledChangeRecordSchema>;

export const ExecuteOutputSchema = z.discriminatedUnion('kind', [
  /** A cloud change under a ticket: counts against its run's blast radius. */
  z.object({
    kind: z.literal('applied'),
    runId: z.string().min(1),
    monthlyUsd: z.number(),
    result: MutationResultSchema,
    /** Absent when a retry found its own earlier apply. */
    plan: PlanOutputSchema.optional(),
    ticket: z.unknown().optional(),
  }),
  /** An approved standing schedule: no cloud change yet, but it counts against its run like one. */
  z.object({
    kind: z.literal('enrollment'),
    runId: z.string().min(1),
    monthlyUsd: z.number(),
    enrollment: EnrollmentRecordSchema,
    result: MutationResultSchema,
  }),
  /** One firing's stop or start under an enrollment. */
  z.object({
    kind: z.literal('scheduled-change'),
    offHours: ScheduledChangeRecordSchema,
    result: MutationResultSchema,
    verified: z.boolean(),
    stateAfter: z.string(),
    approvers: z.array(z.string()),
    note: z.string(),
  }),
]);
export type ExecuteRecordOutput = z.infer<typeof ExecuteOutputSchema>;

/**
 * A numbered slot of a run's blast radius, taken before a change is applied. Its idempotency key
 * is unique per run and slot, so two workers can never both hold slot n (activities/run-slot.ts).
 */
export const ClaimOutputSchema = z.object({
  kind: z.literal('run-slot'),
  runId: z.string().min(1),
  slot: z.number().int().positive(),
  /** The change's estimated monthly $, counted against the run's limit from the moment of the claim. */
  monthlyUsd: z.number(),
});
export type RunSlotClaim = z.infer<typeof ClaimOutputSchema>;

export const VerifyOutputSchema = z.object({
  regressed: z.boolean(),
  reason: z.string(),
  /** Measured after the change; absent when nothing could be measured. */
  realizedMonthlySavingsUsd: z.number().optional(),
  evidence: z.unknown().optional(),
});

const RolledBackOutputSchema = z.object({ status: z.literal('rolled-back').optional(), reason: z.string(), result: MutationResultSchema });

/** A rollback refused (authorizeRollback, the provider's dry-run) or failed: the change it meant to undo stays. */
const RollbackFailedOutputSchema = z.object({
  status: z.enum(['refused', 'failed']),
  reasons: z.array(z.string()).default([]),
  /** The change still in place. */
  applied: MutationResultSchema.optional(),
  /** The regression that asked for the rollback, and how the rollback failed (the workflow's own record). */
  regression: z.string().optional(),
  failure: z.string().optional(),
});

export const RollbackOutputSchema = z.union([RollbackFailedOutputSchema, RolledBackOutputSchema]);

export const AbortOutputSchema = z.object({
  reasons: z.array(z.string()),
  verdict: z.unknown().optional(),
  /** Set when a scheduled off-hours change was refused. */
  change: ScheduledChangeRecordSchema.optional(),
});

export const RevokeOutputSchema = z.object({ enrollmentWorkflowId: z.string(), resourceId: z.string(), reason: z.string() });

const ScopeSchema = z.object({ provider: z.string(), label: z.string() });

/** Where a run looked: each configured scope read (and whether it may be changed), each one skipped and why. */
export const ScopeReportOutputSchema = z.object({
  kind: z.literal('scopes'),
  scanned: z.array(ScopeSchema.extend({ access: z.enum(['read-write', 'read-only']) })),
  skipped: z.array(ScopeSchema.extend({ reason: z.string() })),
});

/** A run's scope report; any other detection evidence is kept as given. */
export const DetectOutputSchema = z.union([ScopeReportOutputSchema, z.looseObject({})]);

/**
 * An owner's feedback on a cost incident's alert. "expected" and "planned" suppress new incidents
 * of the same root cause for the policy's days (activities/anomaly-suppression.ts reads these).
 */
export const FeedbackOutputSchema = z.object({
  kind: z.literal('anomaly-feedback'),
  incidentId: z.string(),
  verdict: z.enum(['expected', 'unexpected', 'planned']),
  by: z.string(),
  note: z.string().optional(),
  /** the incident's root cause, canonical: what a repeat must equal to be suppressed */
  rootCause: z.record(z.string(), z.string()),
  currency: z.string(),
  /** the incident's first day (YYYY-MM-DD) */
  start: z.string(),
});
export type AnomalyFeedbackRecord = z.infer<typeof FeedbackOutputSchema>;
