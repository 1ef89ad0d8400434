/**
 * Tokens and $ per finding: routed models (small by default, large above the $ threshold or
 * for a repair) against the anchor "largest model for everything", measured in the same run
 * on the scripted scenarios, through the real client and the replay server in script mode.
 * Usage: npm run bench:agents
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { detectFindings } from '../activities/detect-findings.js';
import { createAgentRuntime, LlmConfigSchema, runSupervisor, type LlmCall, type SupervisorInput } from '../agents/index.js';
import { readOnlyView } from '../clouds/provider.js';
import { parseEstate } from '../clouds/sandbox/estate.js';
import { SandboxCloud } from '../clouds/sandbox/sandbox-cloud.js';
import { startReplayServer } from '../evals/replay-server.js';
import { scriptAuthor } from '../evals/script-author.js';
import { DEFAULT_POLICY } from '../guardrails/index.js';
import { costQueryOverRows, type CostRowLike } from '../tools/index.js';

const NOW = '2026-10-14T12:00:00.000Z';
const estatePath = fileURLToPath(new URL('../clouds/sandbox/fixtures/sample-estate.json', import.meta.url));
const cloud = readOnlyView(new SandboxCloud(parseEstate(readFileSync(estatePath, 'utf8'), estatePath), { clock: () => NOW }));

/** The same data-transfer spike twice: valued at $4200/month (above the threshold) and at $300/month. */
function spikeRows(service: string, baseline: number, spike: number): CostRowLike[] {
  return Array.from({ length: 8 }, (_, i) => ({
    ChargePeriodStart: new Date(Date.parse(NOW) - (i + 1) * 86_400_000).toISOString(),
    ServiceName: service,
    BilledCost: i === 0 ? spike : baseline,
    ConsumedQuantity: i === 0 ? spike * 10 : baseline * 10,
  }));
}
const anomaly = (id: string, impact: number): SupervisorInput['finding'] => ({
  id,
  kind: 'anomaly',
  provider: 'sandbox',
  resourceId: 'i-0web0overprov01',
  region: 'us-east-1',
  currentSku: 'm5.2xlarge',
  summary: `cost anomaly ${id}`,
  detectedAt: NOW,
  candidates: [],
  estimatedMonthlySavingsUsd: impact,
});
const costs = costQueryOverRows([...spikeRows('AWS Data Transfer', 20, 160), ...spikeRows('Amazon Elastic Compute Cloud', 100, 110)]);
const scenarios: SupervisorInput[] = [
  ...(await detectFindings(cloud, DEFAULT_POLICY, NOW)).map((finding) => ({ finding })),
  { finding: anomaly('anomaly-egress', 4200) },
  { finding: anomaly('anomaly-low-usd', 300) },
];

async function measure(strategy: 'routed' | 'largest'): Promise<Map<string, LlmCall[]>> {
  const dir = mkdtempSync(join(tmpdir(), 'tollgate-bench-'));
  const server = await startReplayServer({ cassetteDir: dir, mode: 'script', author: scriptAuthor });
  try {
    const runtime = createAgentRuntime(LlmConfigSchema.parse({ provider: 'replay', baseUrl: server.baseUrl, strategy }), {
      clock: () => NOW,
      runId: `bench-${strategy}`,
    });
    const byFinding = new Map<string, LlmCall[]>();
    for (const input of scenarios) byFinding.set(input.finding.id, (await runSupervisor(runtime, { cloud, costs }, input)).calls);
    return byFinding;
  } finally {
    await server.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

const sum = (calls: readonly LlmCall[]) => ({
  tokens: calls.reduce((n, c) => n + c.tokens.input + c.tokens.output, 0),
  usd: calls.reduce((n, c) => n + c.costUsd, 0),
  models: [...new Set(calls.map((c) => c.model))].join('+'),
});

const routed = await measure('routed');
const largest = await measure('largest');
const rows = scenarios.map(({ finding }) => {
  const r = sum(routed.get(finding.id) ?? []);
  const l = sum(largest.get(finding.id) ?? []);
  return { finding: finding.id, kind: finding.kind, r, l };
});
const pad = (s: string | number, n: number) => String(s).padEnd(n);
const header = `${pad('finding', 20)}${pad('kind', 12)}${pad('routed models', 22)}${pad('tokens', 8)}${pad('$', 11)}${pad('largest models', 16)}${pad('tokens', 8)}${pad('$', 11)}routed/largest $`;
console.log(header);
for (const { finding, kind, r, l } of rows)
  console.log(
    `${pad(finding, 20)}${pad(kind, 12)}${pad(r.models, 22)}${pad(r.tokens, 8)}${pad(r.usd.toFixed(6), 11)}${pad(l.models, 16)}${pad(l.tokens, 8)}${pad(l.usd.toFixed(6), 11)}${(r.usd / l.usd).toFixed(3)}`,
  );
const total = (k: 'r' | 'l') => rows.reduce((acc, row) => ({ tokens: acc.tokens + row[k].tokens, usd: acc.usd + row[k].usd }), { tokens: 0, usd: 0 });
const [tr, tl] = [total('r'), total('l')];
const n = rows.length;
console.log(
  `\nper finding (${n} findings): routed ${Math.round(tr.tokens / n)} tokens, $${(tr.usd / n).toFixed(6)}; largest ${Math.round(tl.tokens / n)} tokens, $${(tl.usd / n).toFixed(6)}; routed costs ${(tr.usd / tl.usd).toFixed(3)}x the anchor`,
);
console.log('scripted answers: token counts are the replay server estimate (characters / 4), the same for both setups.');
