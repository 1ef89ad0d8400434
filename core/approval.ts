import { z } from 'zod';
import type { Actor } from './proposal.js';

export const DecisionSchema = z.enum(['approve', 'reject']);

/** The payload of the `decide` Update: a human's decision bound to one proposal hash. */
export const DecideInputSchema = z.object({
  proposalHash: z.string().min(1),
  decision: DecisionSchema,
  approver: z.string().min(1),
  reason: z.string().default(''),
});
export type DecideInput = z.infer<typeof DecideInputSchema>;

export const ApprovalSchema = DecideInputSchema.extend({ at: z.string(), role: z.string() });
export type Approval = z.infer<typeof ApprovalSchema>;

/** Who may approve and how many must: derived from the policy for one proposal. */
export const ApprovalRequirementSchema = z.object({
  required: z.number().int().min(1),
  approvers: z.record(z.string(), z.string()),
  allowedRoles: z.array(z.string()).min(1),
  expiresInMs: z.number().int().positive(),
});
export type ApprovalRequirement = z.infer<typeof ApprovalRequirementSchema>;

/** Why a would-be approver may not decide, or undefined when they may. Shared by the workflow's validator and guardrails. */
export function approverRefusal(approver: string, requirement: ApprovalRequirement, proposer: Actor): string | undefined {
  const role = requirement.approvers[approver];
  if (role === undefined) return `${approver} is not an approver in the policy; ask an admin to add them under approvals.approvers`;
  if (!requirement.allowedRoles.includes(role)) return `${approver} has role ${role}, which may not approve (allowed: ${requirement.allowedRoles.join(', ')})`;
  if (approver === proposer.id) return `${approver} proposed this change and cannot approve it`;
  return undefined;
}
