import { describeRootCause, type Incident } from '../core/index.js';

const money = (amount: number, currency: string) => `${amount.toLocaleString('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 })} ${currency}`;

/** One table row of `tollgate detect anomalies`: the incident, its impact and what explains it. */
export function incidentRow(i: Incident): Record<string, string> {
  const top = i.rootCauses[0];
  return {
    id: i.id,
    start: i.start,
    end: i.ongoing ? `${i.end} (ongoing)` : i.end,
    severity: i.severity,
    method: i.method,
    impact: `+${money(i.impact, i.currency)}`,
    expected: money(i.expected, i.currency),
    actual: money(i.actual, i.currency),
    rootCause: describeRootCause(i.rootCause),
    explains: top ? `${top.dimension}=${top.key} ${Math.round(top.share * 100)}%` : '',
  };
}
