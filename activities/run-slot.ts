import type { AuditStore } from '../audit/index.js';
import { recordStep, SYSTEM } from './record.js';

export interface SlotClaim {
  workflowId: string;
  findingId: string;
  runId: string;
  monthlyUsd: number;
  at: string;
}

/**
 * Takes the next free numbered slot of the run before a change is applied, race-free across
 * workers: the claim's idempotency key is unique per (run, slot), so of two workers appending
 * slot n the audit store keeps one record and hands the other that record back; the loser moves
 * on to n+1. Whether the slot is within the run's limits is authorize()'s call, on the claims
 * before it. A retry of the same workflow finds its own claim instead of taking a second slot.
 */
export async function claimRunSlot(audit: AuditStore, claim: SlotClaim): Promise<number> {
  const claims = (await audit.records({ step: 'claim' })).flatMap((r) => (r.step === 'claim' && r.output.runId === claim.runId ? [r] : []));
  const own = claims.find((r) => r.workflowId === claim.workflowId);
  if (own) return own.output.slot;
  // Start past every slot already seen; a slot taken meanwhile is found by its key.
  for (let slot = Math.max(0, ...claims.map((r) => r.output.slot)) + 1; ; slot += 1) {
    const record = await recordStep(audit, {
      workflowId: claim.workflowId,
      findingId: claim.findingId,
      step: 'claim',
      actor: SYSTEM,
      input: { runId: claim.runId, slot },
      summary: `slot ${slot} of run ${claim.runId}`,
      output: { kind: 'run-slot', runId: claim.runId, slot, monthlyUsd: claim.monthlyUsd },
      outcome: `claimed slot ${slot} of run ${claim.runId}`,
      at: claim.at,
      key: `${claim.runId}:run-slot:${slot}`,
    });
    if (record.workflowId === claim.workflowId) return slot;
  }
}
