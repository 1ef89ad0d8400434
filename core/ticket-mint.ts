import type { ExecutionTicket } from './ticket.js';

/**
 * The only place tickets come to life. The import rules allow this module to be
 * imported by guardrails/authorize.ts and core/ticket.ts alone, so no other code can
 * forge a ticket that the mutation layer would accept.
 */
const minted = new WeakSet<object>();

export function mintTicket(fields: Omit<ExecutionTicket, 'kind'>): ExecutionTicket {
  const ticket = Object.freeze({ kind: 'execution-ticket' as const, ...fields, approvers: Object.freeze([...fields.approvers]) });
  minted.add(ticket);
  return ticket as ExecutionTicket;
}

export function wasMinted(ticket: unknown): boolean {
  return typeof ticket === 'object' && ticket !== null && minted.has(ticket);
}
