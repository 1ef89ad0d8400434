import { DecisionEntrySchema, RecordFieldsSchema, type DecisionRecord } from './decision-record.js';

type Json = Record<string, unknown>;

const isObject = (value: unknown): value is Json => typeof value === 'object' && value !== null && !Array.isArray(value);
const textAfter = (text: string, prefix: RegExp) => text.replace(prefix, '');

/**
 * A version-1 record's output in the version-2 shape. Version 1 wrote untyped outputs that told
 * kinds apart by which fields were present; this is the one place that reads them that way.
 * Where version 1 kept a fact only in the outcome text (a verify's regression, a rollback's
 * reason) it is read from there, for these old records alone.
 */
function upgradeOutput(step: string, output: unknown, outcome: string, workflowId: string): unknown {
  const o = isObject(output) ? output : {};
  switch (step) {
    case 'enrich':
      return 'problem' in o || !('source' in o)
        ? { kind: 'repair', ...(typeof o.problem === 'string' ? { problem: o.problem } : {}) }
        : { kind: 'enrichment', enrichment: o };
    case 'propose':
      if (isObject(o.proposal)) return { kind: 'proposal', proposal: o.proposal, ...(o.skuAdvice !== undefined ? { skuAdvice: o.skuAdvice } : {}) };
      if (isObject(o.action)) return { kind: 'proposal', proposal: o };
      if (typeof o.route === 'string') return { kind: 'no-proposal', route: o.route };
      return { kind: 'repair', ...(typeof o.problem === 'string' ? { problem: o.problem } : {}) };
    case 'notify':
      if (isObject(o.alert)) return { kind: 'budget-alert', ...o };
      if (isObject(o.counts)) return { kind: 'off-hours-report', ...o };
      return { kind: 'approval-request', ...o, channels: Array.isArray(o.channels) ? o.channels : [] };
    case 'execute': {
      if (isObject(o.offHours)) return { kind: 'scheduled-change', ...o };
      // The crash-recovery path of version 1 wrote no runId nor monthlyUsd: the workflow id stands in (run workflows' ids start with their run's).
      const run = { runId: typeof o.runId === 'string' && o.runId ? o.runId : workflowId, monthlyUsd: typeof o.monthlyUsd === 'number' ? o.monthlyUsd : 0 };
      if (isObject(o.enrollment)) return { kind: 'enrollment', ...run, enrollment: o.enrollment, result: o.result };
      return {
        kind: 'applied',
        ...run,
        result: o.result,
        ...(o.plan !== undefined ? { plan: o.plan } : {}),
        ...(o.ticket !== undefined ? { ticket: o.ticket } : {}),
      };
    }
    case 'verify': {
      const realized = o.realizedMonthlySavingsUsd;
      return {
        regressed: outcome.startsWith('regression'),
        reason: textAfter(outcome, /^(regression|healthy):\s*/),
        ...(typeof realized === 'number' ? { realizedMonthlySavingsUsd: realized } : {}),
        evidence: output,
      };
    }
    case 'rollback':
      return { reason: textAfter(outcome, /^rolled back:\s*/), result: o.result };
    case 'abort':
      return { ...o, reasons: Array.isArray(o.reasons) ? o.reasons : [textAfter(outcome, /^(aborted|refused):\s*/)] };
    case 'expire':
      return { ...o, approvals: Array.isArray(o.approvals) ? o.approvals : [] };
    default:
      return output;
  }
}

/**
 * A stored record, typed: version 2 is parsed as written; version 1 is upgraded first. A record
 * that fits neither is refused with its seq, step and the field at fault.
 */
export function readDecisionRecord(raw: unknown, version: number): DecisionRecord {
  const json = isObject(raw) ? raw : {};
  const source =
    version === 1 ? { ...json, output: upgradeOutput(String(json.step), json.output, String(json.outcome ?? ''), String(json.workflowId ?? '')) } : json;
  const entry = DecisionEntrySchema.safeParse(source);
  const fields = RecordFieldsSchema.safeParse(json);
  if (!entry.success || !fields.success) {
    const issue = (entry.error ?? fields.error)!.issues[0]!;
    throw new Error(
      `audit record seq ${String(json.seq)} (version ${version}, step ${String(json.step)}) does not fit its schema at ${issue.path.join('.') || '(record)'}: ${issue.message}; \`tollgate audit verify\` tells whether it was altered`,
    );
  }
  return { ...entry.data, ...fields.data, version };
}
