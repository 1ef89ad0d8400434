import { z } from 'zod';
import { EnrolledPasskeySchema, PasskeyAssertionSchema, PasskeyRelyingPartySchema } from './passkey.js';
import type { Actor } from './proposal.js';

export const DecisionSchema = z.enum(['approve', 'reject']);

/** Longest reason and approver id a decision may carry: a decision lands in history, the audit log and every query. */
export const MAX_REASON_CHARS = 2000;
export const MAX_APPROVER_CHARS = 320;
/** An armored ssh-ed25519 SSHSIG is about 300 characters; anything far longer is not one. */
export const MAX_SIGNATURE_CHARS = 2000;

/** The payload of the `decide` Update: a human's decision bound to one proposal hash. Unknown fields are refused. */
export const DecideInputSchema = z
  .object({
    proposalHash: z.string().regex(/^[0-9a-f]{64}$/),
    decision: DecisionSchema,
    approver: z.string().min(1).max(MAX_APPROVER_CHARS),
    reason: z.string().max(MAX_REASON_CHARS).default(''),
    /** When the approver signed (ISO 8601): part of the signed message, so a signed decision carries it. */
    at: z.iso.datetime({ offset: true }).optional(),
    /** An armored SSH signature (`ssh-keygen -Y sign -n tollgate`) over approvalMessage(): docs/approvals.md. */
    signature: z.string().max(MAX_SIGNATURE_CHARS).optional(),
    /** Or a passkey's WebAuthn assertion whose challenge is passkeyChallenge() of the same fields (the console); never both. */
    passkey: PasskeyAssertionSchema.optional(),
  })
  .strict();
export type DecideInput = z.infer<typeof DecideInputSchema>;
/** What a caller sends: `reason` may be left out. */
export type DecideRequest = z.input<typeof DecideInputSchema>;

export const ApprovalSchema = DecideInputSchema.extend({ at: z.string(), role: z.string() });
/** A recorded decision: `at` is the signer's time when signed, else when the workflow accepted it. */
export type Approval = z.infer<typeof ApprovalSchema>;

/** Who may approve and how many must: derived from the policy for one proposal. */
export const ApprovalRequirementSchema = z.object({
  required: z.number().int().min(1),
  approvers: z.record(z.string(), z.string()),
  allowedRoles: z.array(z.string()).min(1),
  expiresInMs: z.number().int().positive(),
  /** approver id → the `ssh-ed25519 …` keys whose signature counts as theirs (their own, and the Slack app's when it vouches for them). */
  keys: z.record(z.string(), z.array(z.string())).optional(),
  /** approver id → the passkeys an admin approved for them (policy or signed enrollment): their assertions count as their signature. */
  passkeys: z.record(z.string(), z.array(EnrolledPasskeySchema)).optional(),
  /** The console passkey assertions must come from; absent, no passkey approval counts. */
  passkeyRelyingParty: PasskeyRelyingPartySchema.optional(),
  /** true only where the policy lets an approval count unsigned (never production); absent means signatures are required. */
  unsignedApprovals: z.boolean().optional(),
});
export type ApprovalRequirement = z.infer<typeof ApprovalRequirementSchema>;

export type DecideParse = { ok: true; input: DecideInput } | { ok: false; message: string };

const DECIDE_FIELDS = Object.keys(DecideInputSchema.shape).join(', ');

/**
 * Parses a `decide` payload as sent by anyone (CLI, Slack, the Temporal UI's JSON box). The
 * refusal names the field and the limit, never echoes the value, and never tells the pending
 * proposal's hash: an approver reads that from `tollgate approvals show`.
 */
export function parseDecideInput(raw: unknown): DecideParse {
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) return { ok: false, message: `decide takes one object {${DECIDE_FIELDS}}` };
  const parsed = DecideInputSchema.safeParse(raw);
  if (parsed.success && parsed.data.signature !== undefined && parsed.data.passkey !== undefined)
    return { ok: false, message: 'send either signature (SSH) or passkey (WebAuthn), not both' };
  if (parsed.success) return { ok: true, input: parsed.data };
  return { ok: false, message: parsed.error.issues.map((issue) => describeIssue(issue, raw as Record<string, unknown>)).join('; ') };
}

function describeIssue(issue: z.core.$ZodIssue, raw: Record<string, unknown>): string {
  const field = String(issue.path[0] ?? '');
  if (issue.code === 'unrecognized_keys') {
    const names = issue.keys.map((key) => JSON.stringify(key.length > 40 ? `${key.slice(0, 40)}…` : key));
    return `unknown field${names.length > 1 ? 's' : ''} ${names.slice(0, 5).join(', ')}: decide takes only ${DECIDE_FIELDS}`;
  }
  if (!Object.hasOwn(raw, field) || raw[field] === undefined) {
    return field === 'proposalHash'
      ? 'proposalHash is missing: read the proposal hash with "tollgate approvals show ID" and send it with your decision'
      : `${field} is missing`;
  }
  const value = raw[field];
  if (field === 'passkey' && issue.path.length > 1) return `passkey.${issue.path.slice(1).join('.')}: ${issue.message}`;
  if (issue.code === 'invalid_type') return `${field} must be a ${issue.expected}, not ${Array.isArray(value) ? 'array' : typeof value}`;
  if (field === 'proposalHash') return 'proposalHash must be the 64 hex digits shown by "tollgate approvals show ID"';
  if (field === 'decision') return 'decision must be "approve" or "reject"';
  if (field === 'at') return 'at must be an ISO 8601 time with its offset, e.g. 2026-01-31T09:00:00Z';
  if (issue.code === 'too_big') return `${field} has ${String(value).length} characters; at most ${String(issue.maximum)} are allowed`;
  if (issue.code === 'too_small') return `${field} is empty`;
  return `${field} is not valid`;
}

/** Why a would-be approver may not decide, or undefined when they may. Shared by the workflow's validator and guardrails. */
export function approverRefusal(approver: string, requirement: ApprovalRequirement, proposer: Actor): string | undefined {
  // Own entries only: "__proto__" or "constructor" must not find a role on Object.prototype.
  const role = Object.hasOwn(requirement.approvers, approver) ? requirement.approvers[approver] : undefined;
  if (typeof role !== 'string') return `${approver} is not an approver in the policy; ask an admin to add them under approvals.approvers`;
  if (!requirement.allowedRoles.includes(role)) return `${approver} has role ${role}, which may not approve (allowed: ${requirement.allowedRoles.join(', ')})`;
  if (approver === proposer.id) return `${approver} proposed this change and cannot approve it`;
  return undefined;
}
