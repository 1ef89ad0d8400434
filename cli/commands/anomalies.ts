import { userInfo } from 'node:os';
import type { Command } from 'commander';
import { giveAnomalyFeedback, listAnomalies, showAnomaly, type AnomalyRow } from '../../approvals/anomalies.js';
import { ANOMALY_VERDICTS, type AnomalyVerdict, type AnomalyView } from '../../core/index.js';
import { withClient } from '../temporal-session.js';
import { printJson, printTable } from '../output.js';

export function registerAnomalies(program: Command): void {
  const anomalies = program.command('anomalies').description('cost anomaly alerts: list, show, feedback (expected | unexpected | planned)');

  anomalies
    .command('list')
    .description('alerts waiting for feedback (from Temporal visibility); --all includes finished ones')
    .option('--all', 'include finished alerts')
    .option('--json', 'print JSON')
    .action(async (opts: { all?: boolean; json?: boolean }) => {
      await withClient(async (client) => {
        const rows = await listAnomalies(client, { all: opts.all === true });
        if (opts.json) return printJson({ anomalies: rows });
        if (rows.length === 0)
          return void process.stdout.write(opts.all ? 'no anomaly alerts\n' : 'no anomaly alert waits for feedback (--all shows finished ones)\n');
        printTable(rows.map(row), ['id', 'state', 'severity', 'impact', 'service', 'owner', 'started']);
      });
    });

  anomalies
    .command('show <id>')
    .description('one alert (anomaly-inc_… or inc_…): incident, root cause, explanation, where it went, feedback')
    .option('--json', 'print JSON')
    .action(async (id: string, opts: { json?: boolean }) => {
      await withClient(async (client) => {
        const view = await showAnomaly(client, id);
        if (opts.json) return printJson(view);
        process.stdout.write(describe(view));
      });
    });

  anomalies
    .command('feedback <id> <verdict>')
    .description(`the owner's verdict: ${ANOMALY_VERDICTS.join(' | ')}; expected and planned suppress repeats of the same root cause`)
    .option('--note <text>', 'why (goes to the audit log)')
    .option('--as <user>', 'who gives it (default: the OS user)')
    .option('--json', 'print JSON')
    .action(async (id: string, verdict: string, opts: { note?: string; as?: string; json?: boolean }) => {
      if (!ANOMALY_VERDICTS.includes(verdict as AnomalyVerdict)) throw new Error(`verdict must be one of ${ANOMALY_VERDICTS.join(', ')}; got "${verdict}"`);
      await withClient(async (client) => {
        const by = opts.as ?? userInfo().username;
        const view = await giveAnomalyFeedback(client, id, { verdict: verdict as AnomalyVerdict, by, ...(opts.note ? { note: opts.note } : {}) });
        if (opts.json) return printJson(view);
        process.stdout.write(`recorded ${verdict} by ${by} on ${view.workflowId}\n`);
      });
    });
}

function row(r: AnomalyRow): Record<string, string | number> {
  return {
    id: r.workflowId,
    state: r.state || r.status.toLowerCase(),
    severity: r.severity,
    impact: r.impact === undefined ? '' : r.impact.toFixed(2),
    service: r.service,
    owner: r.owner,
    started: r.startedAt,
  };
}

function describe(view: AnomalyView): string {
  const i = view.incident;
  const e = view.explanation;
  const lines = [
    `${view.workflowId}  [${view.state}]`,
    `  incident: ${i.id} (${i.severity}, ${i.method}) ${i.start}${i.end !== i.start ? ` → ${i.end}` : ''}${i.ongoing ? ' ongoing' : ''}`,
    `  impact: ${i.impact.toFixed(2)} ${i.currency} above expected (expected ${i.expected.toFixed(2)}, actual ${i.actual.toFixed(2)})`,
    `  root cause: ${view.rootCause}`,
    ...i.rootCauses.slice(0, 5).map((c) => `    ${c.dimension}=${c.key}: +${c.impact.toFixed(2)} (${Math.round(c.share * 100)} % of the rise)`),
    `  owner: ${[...view.owners, ...view.teams.map((t) => `team ${t}`)].join(', ') || 'unowned'}`,
    e ? `  why (${e.source}, likely ${e.likelyCause}): ${e.narrative}` : '',
    e?.failure ? `  the explanation failed: ${e.failure}` : '',
    e ? `  next step: ${e.nextStep}` : '',
    view.delivery?.slack?.length ? `  slack: ${view.delivery.slack.map((m) => m.channel).join(', ')}` : '',
    view.delivery?.jira ? `  jira: ${view.delivery.jira.key} ${view.delivery.jira.url}` : '',
    ...(view.delivery?.failures ?? []).map((f) => `  not delivered: ${f}`),
    view.feedback
      ? `  feedback: ${view.feedback.verdict} by ${view.feedback.by}${view.feedback.note ? `: ${view.feedback.note}` : ''} at ${view.feedback.at}`
      : '',
    view.state === 'AwaitingFeedback' && view.feedbackBy ? `  waits for feedback until ${view.feedbackBy}` : '',
    view.remediation ? `  remediation: ${view.remediation.findingKind} request ${view.remediation.workflowId}` : '',
    view.outcome ? `  outcome: ${view.outcome}` : '',
  ];
  return `${lines.filter(Boolean).join('\n')}\n`;
}
