import { actionHash, type Action } from './action.js';
import { digestOf } from './canonical.js';
import { wasMinted } from './ticket-mint.js';

/** Permission for exactly one mutation, created only by guardrails.authorize(). */
export interface ExecutionTicket {
  readonly kind: 'execution-ticket';
  readonly actionHash: string;
  readonly idempotencyKey: string;
  readonly issuedAt: string;
  readonly expiresAt: string;
  readonly approvers: readonly string[];
  readonly ruleVersions: Readonly<Record<string, number>>;
  /** plan: a dry-run only, issued before approval so the approver sees the provider-validated plan. */
  readonly purpose: 'plan' | 'apply' | 'rollback';
}

export class TicketRejected extends Error {
  override name = 'TicketRejected';
}

/**
 * Defense in depth: the mutation layer calls this before touching anything. `use` says what
 * the caller is about to do: a dry-run accepts any ticket for the action, a change refuses a
 * ticket that only allows planning.
 */
export function assertTicketCovers(ticket: ExecutionTicket | undefined, action: Action, nowIso: string, use: 'plan' | 'apply' = 'apply'): void {
  if (!ticket || !wasMinted(ticket)) throw new TicketRejected('mutation refused: no ticket issued by guardrails.authorize()');
  // An enrollment is approved as a whole; the cloud only ever sees the nightly stop and start it allows, each with its own ticket.
  if (action.type === 'off-hours') throw new TicketRejected('mutation refused: an off-hours enrollment is not a cloud change; its stops and starts are');
  if (use === 'apply' && ticket.purpose === 'plan') throw new TicketRejected('mutation refused: this ticket allows a dry-run only; approval comes first');
  const hash = actionHash(action);
  if (ticket.actionHash !== hash) {
    throw new TicketRejected(`mutation refused: ticket covers action ${ticket.actionHash.slice(0, 12)}, not ${hash.slice(0, 12)}`);
  }
  if (Date.parse(nowIso) > Date.parse(ticket.expiresAt)) {
    throw new TicketRejected(`mutation refused: ticket expired at ${ticket.expiresAt}`);
  }
}

/** One key per action per workflow: a retried or replayed activity reuses it and applies nothing twice. */
export function idempotencyKeyFor(hashOfAction: string, scope: string): string {
  return `tollgate-${digestOf({ actionHash: hashOfAction, scope }).slice(0, 40)}`;
}
