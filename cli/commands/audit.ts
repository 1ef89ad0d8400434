import { createWriteStream } from 'node:fs';
import type { Writable } from 'node:stream';
import type { Command } from 'commander';
import { describeStoreUrl, loadTrustedWriters, reverifyApprovals, type AnchorSink, type ApprovalsVerification, type AuditStore } from '../../audit/index.js';
import { anchorSink } from '../audit-anchor.js';
import type { DecisionRecord } from '../../core/index.js';
import { passkeyRelyingParty, trustedApprovalKeys, trustedPasskeys } from '../../guardrails/index.js';
import { loadPolicy, runtimeConfig } from '../../runtime/config.js';
import { passkeyEnrollmentsPath, withApprovedEnrollments } from '../../runtime/passkey-enrollments.js';
import { printJson } from '../output.js';
import { openAudit } from '../../runtime/deps.js';

/** --store beats TOLLGATE_AUDIT_STORE beats the local SQLite file. */
function storeUrl(option: string | undefined): string {
  return option ?? runtimeConfig().auditStore;
}

async function withStore<T>(url: string, work: (store: AuditStore) => Promise<T>): Promise<T> {
  const store = openAudit(runtimeConfig(), url);
  try {
    return await work(store);
  } finally {
    await store.close();
  }
}

async function withAnchor<T>(target: string, work: (sink: AnchorSink) => Promise<T>): Promise<T> {
  const sink = await anchorSink(target);
  try {
    return await work(sink);
  } finally {
    sink.close();
  }
}

export function registerAudit(program: Command): void {
  const audit = program.command('audit').description('the hash-chained decision log');
  const storeHelp = 'a SQLite file path or postgres://user@host/db (default: $TOLLGATE_AUDIT_STORE or .tollgate/audit.sqlite)';

  audit
    .command('verify')
    .description('recompute the chain, check the signed checkpoints, name the first bad record, and re-verify every approval signature')
    .option('--store <url>', storeHelp)
    .option('--trusted-writers <file>', 'the writer keys to trust (default: $TOLLGATE_AUDIT_TRUSTED_WRITERS or .tollgate/audit-trusted-writers.json)')
    .option('--anchor <target>', 'also check the heads anchored at this file or s3://bucket/prefix')
    .option('--json', 'print JSON')
    .action(async (opts: { store?: string; trustedWriters?: string; anchor?: string; json?: boolean }) => {
      const url = storeUrl(opts.store);
      const trusted = loadTrustedWriters(opts.trustedWriters ?? runtimeConfig().auditTrustedWritersPath);
      const policy = withApprovedEnrollments(loadPolicy(runtimeConfig().policyPath), passkeyEnrollmentsPath(runtimeConfig()));
      const keys = trustedApprovalKeys(policy);
      const passkeys = { passkeys: trustedPasskeys(policy), relyingParty: passkeyRelyingParty(policy) };
      const anchors = opts.anchor ? await withAnchor(opts.anchor, (sink) => sink.read()) : [];
      const [result, approvals] = await withStore(
        url,
        async (store) => [await store.verify({ trusted, anchors }), reverifyApprovals(await store.records({}), keys, passkeys)] as const,
      );
      if (opts.json) printJson({ store: describeStoreUrl(url), ...result, approvals });
      else {
        if (result.ok) {
          const signed = result.checkpoint ? `, signed through seq ${result.checkpoint.seq} by ${result.checkpoint.keyId}` : '';
          process.stdout.write(`audit log intact: ${result.records} records, head ${result.head.slice(0, 16)}${signed}\n`);
        } else process.stdout.write(`audit log BROKEN at seq ${result.firstBadSeq}: ${result.reason}\n`);
        process.stdout.write(describeApprovals(approvals));
      }
      if (!result.ok || !approvals.ok) process.exitCode = 1;
    });

  audit
    .command('anchor')
    .description('copy the signed head of a verified log where its writers cannot rewrite it')
    .requiredOption('--to <target>', 'a file (appended to) or s3://bucket/prefix (a bucket with Object Lock)')
    .option('--store <url>', storeHelp)
    .option('--trusted-writers <file>', 'the writer keys to trust (default: $TOLLGATE_AUDIT_TRUSTED_WRITERS or .tollgate/audit-trusted-writers.json)')
    .option('--json', 'print JSON')
    .action(async (opts: { to: string; store?: string; trustedWriters?: string; json?: boolean }) => {
      const url = storeUrl(opts.store);
      const trusted = loadTrustedWriters(opts.trustedWriters ?? runtimeConfig().auditTrustedWritersPath);
      const { result, head } = await withStore(url, async (store) => ({ result: await store.verify({ trusted }), head: (await store.checkpoints()).at(-1) }));
      // Anchoring a broken log would vouch for it.
      if (!result.ok) throw new Error(`refusing to anchor: the log does not verify (seq ${result.firstBadSeq}: ${result.reason})`);
      if (!head) throw new Error('nothing to anchor: the log has no signed checkpoint yet');
      const where = await withAnchor(opts.to, (sink) => sink.write(head));
      if (opts.json) printJson({ anchored: head, to: where });
      else process.stdout.write(`anchored seq ${head.seq} (head ${head.hash.slice(0, 16)}, signed by ${head.keyId}) to ${where}\n`);
    });

  audit
    .command('export')
    .description('write every record as JSON lines (default) or CSV')
    .option('--store <url>', storeHelp)
    .option('--format <format>', 'jsonl or csv', 'jsonl')
    .option('--out <file>', 'write to a file instead of stdout')
    .option('--workflow <id>', 'only records of this workflow')
    .action(async (opts: { store?: string; format: string; out?: string; workflow?: string }) => {
      if (opts.format !== 'jsonl' && opts.format !== 'csv') throw new Error(`--format must be jsonl or csv, not "${opts.format}"`);
      const records = await withStore(storeUrl(opts.store), (store) => store.records(opts.workflow ? { workflowId: opts.workflow } : {}));
      const out: Writable = opts.out ? createWriteStream(opts.out) : process.stdout;
      if (opts.format === 'jsonl') for (const record of records) out.write(`${JSON.stringify(record)}\n`);
      else {
        out.write(`${CSV_COLUMNS.map(([name]) => name).join(',')}\n`);
        for (const record of records) out.write(`${CSV_COLUMNS.map(([, pick]) => csvCell(pick(record))).join(',')}\n`);
      }
      if (opts.out) await new Promise<void>((resolve, reject) => out.end((error?: Error | null) => (error ? reject(error) : resolve())));
    });
}

function describeApprovals(v: ApprovalsVerification): string {
  const count = (status: string) => v.results.filter((r) => r.status === status).length;
  const lines = [
    `approvals: ${v.checked} decisions; signatures verified by today's policy keys: ${count('verified-by-policy')}, by the key recorded at the time: ${count('verified-by-recorded-key')}; unsigned: ${count('unsigned')}; invalid: ${count('invalid')}`,
    ...v.results.filter((r) => r.status === 'invalid').map((r) => `  INVALID seq ${r.seq} ${r.workflowId}: ${r.decision} by ${r.approver}: ${r.reason}`),
  ];
  return `${lines.join('\n')}\n`;
}

/** Flat columns for spreadsheets; `output` stays JSON in one cell. */
const CSV_COLUMNS: [string, (r: DecisionRecord) => unknown][] = [
  ['seq', (r) => r.seq],
  ['id', (r) => r.id],
  ['at', (r) => r.at],
  ['workflowId', (r) => r.workflowId],
  ['findingId', (r) => r.findingId],
  ['step', (r) => r.step],
  ['actorKind', (r) => r.actor.kind],
  ['actorId', (r) => r.actor.id],
  ['model', (r) => r.model],
  ['promptId', (r) => r.promptId],
  ['promptVersion', (r) => r.promptVersion],
  ['tokensInput', (r) => r.tokens?.input],
  ['tokensOutput', (r) => r.tokens?.output],
  ['tokensCached', (r) => r.tokens?.cached],
  ['costUsd', (r) => r.costUsd],
  ['inputSummary', (r) => r.input.summary],
  ['outcome', (r) => r.outcome],
  ['output', (r) => (r.output === undefined ? undefined : JSON.stringify(r.output))],
  ['prevHash', (r) => r.prevHash],
  ['hash', (r) => r.hash],
];

/** RFC 4180: quote cells holding a comma, quote or line break, doubling inner quotes. */
export function csvCell(value: unknown): string {
  if (value === undefined || value === null) return '';
  const text = String(value);
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}
