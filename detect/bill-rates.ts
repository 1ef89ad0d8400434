import { monthlyFromHourly, roundCents, type Finding } from '../core/index.js';

/** A resource's own rate from the ingested bill (warehouse/resource-rates.ts), by the bill's ResourceId. */
export interface BillRate {
  billResourceId: string;
  hourlyUsd: number;
  hours: number;
  from: string;
  to: string;
}

/**
 * The key both sides share: lower case; an ARN or a full resource name reduced to what the cloud
 * lists (arn:aws:ec2:…:instance/i-0abc → i-0abc, //compute.googleapis.com/projects/… → projects/…).
 * Azure ids already match, modulo case.
 */
export function billKey(id: string): string {
  const lower = id.trim().toLowerCase();
  if (lower.startsWith('arn:aws:')) return lower.split('/').at(-1) ?? lower;
  return lower.replace(/^\/\/compute\.googleapis\.com\//, '');
}

const KINDS_PRICED_BY_BILL: ReadonlySet<Finding['kind']> = new Set(['idle', 'orphan-volume', 'orphan-address', 'rightsizing']);

/**
 * Savings from what the resource really costs, in preference to list price, where the bill has it:
 * stopping or deleting saves its whole effective rate; a resize saves the same share of it as of the
 * list price (the resource's discount is assumed to carry over to the smaller size). The finding
 * names the source (`priceSource`); without a bill line it keeps the list price.
 */
export function withBillRates(findings: readonly Finding[], rates: readonly BillRate[]): Finding[] {
  const byKey = new Map(rates.map((r) => [billKey(r.billResourceId), r]));
  return findings.map((finding) => {
    const rate = byKey.get(billKey(finding.resourceId));
    if (!rate || !KINDS_PRICED_BY_BILL.has(finding.kind)) return finding;
    const billMonthly = monthlyFromHourly(rate.hourlyUsd);
    let savings = billMonthly;
    if (finding.kind === 'rightsizing') {
      const best = finding.candidates[0];
      if (!best) return finding;
      const targetMonthly = monthlyFromHourly(best.hourlyUsd);
      const currentMonthly = best.monthlySavingsUsd + targetMonthly;
      if (!(currentMonthly > 0)) return finding;
      savings = billMonthly * (1 - targetMonthly / currentMonthly);
    }
    const source = `bill: effective rate $${rate.hourlyUsd.toFixed(4)}/h over ${Math.round(rate.hours)} h (${rate.from.slice(0, 10)} → ${rate.to.slice(0, 10)})`;
    return { ...finding, estimatedMonthlySavingsUsd: roundCents(savings), priceSource: source };
  });
}
