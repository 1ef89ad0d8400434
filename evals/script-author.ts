import type { CassetteRequest } from './cassette.js';

/**
 * Tollgate's script author: writes the answers a careful model would give for the
 * rightsizing prompts, from the facts in the prompt itself. Its cassettes are labeled
 * `scripted`. It never follows text found inside untrusted blocks.
 */
export function scriptAuthor(request: CassetteRequest): string {
  const system = request.messages.find((m) => m.role === 'system')?.content ?? '';
  const user = request.messages.filter((m) => m.role === 'user').at(0)?.content ?? '';
  const prompt = /^prompt: ([\w-]+)@/m.exec(system)?.[1];
  if (prompt === 'rightsizing-enrich') return enrich(user);
  if (prompt === 'rightsizing-propose') return propose(user);
  throw new Error(`script author: no script for prompt ${prompt ?? '(none)'}`);
}

function enrich(user: string): string {
  const size = /^Size: (.+)$/m.exec(user)?.[1] ?? 'this size';
  const cpu = /^CPU over (\d+(?:\.\d+)?) h: P50 ([\d.]+)%, P95 ([\d.]+)%, P99\.5 ([\d.]+)%/m.exec(user);
  const data = untrustedJson(user, 'resource') as { tags?: Record<string, string> } | undefined;
  const owner = Object.entries(data?.tags ?? {}).find(([k]) => k.toLowerCase() === 'owner')?.[1] ?? null;
  const explanation = cpu
    ? `Over ${cpu[1]} hours the ${size} ran at ${cpu[2]}% CPU at the median and ${cpu[4]}% at P99.5, so most of its capacity sits idle. A smaller size of the same family keeps the memory-per-vCPU ratio and still leaves headroom.`
    : `The ${size} shows low utilization.`;
  return JSON.stringify({ explanation, owner, nextStep: 'Confirm with the owner that no launch or seasonal peak is coming, then approve the smaller size.' });
}

function propose(user: string): string {
  const line = user.split('\n').findIndex((l) => l === 'Candidates (JSON):');
  const candidates = JSON.parse(user.split('\n')[line + 1] ?? '[]') as { sku: string; monthlySavingsUsd: number; projectedCpuP995Pct: number }[];
  const best = [...candidates].sort((a, b) => b.monthlySavingsUsd - a.monthlySavingsUsd)[0];
  if (!best) return JSON.stringify({ targetSku: '', estimatedMonthlySavingsUsd: 0, risk: 'high', rationale: 'No candidate size was offered.' });
  const risk = best.projectedCpuP995Pct > 60 ? 'medium' : 'low';
  return JSON.stringify({
    targetSku: best.sku,
    estimatedMonthlySavingsUsd: best.monthlySavingsUsd,
    risk,
    rationale: `${best.sku} saves $${best.monthlySavingsUsd}/month; projected CPU P99.5 is ${best.projectedCpuP995Pct}%, within the 80% ceiling. The trade-off is less room for an unexpected peak.`,
  });
}

function untrustedJson(text: string, label: string): unknown {
  const match = new RegExp(`<untrusted-data label="${label}">\\n([\\s\\S]*?)\\n</untrusted-data>`).exec(text);
  if (!match?.[1]) return undefined;
  try {
    return JSON.parse(match[1]);
  } catch {
    return undefined;
  }
}
