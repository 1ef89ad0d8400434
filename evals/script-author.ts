import { likelyCauseOf, type Contributor } from '../agents/anomaly-cause.js';
import type { CassetteRequest } from './cassette.js';

/**
 * Tollgate's script author: writes the answers a careful model would give for the
 * rightsizing, anomaly and SKU-advice prompts, from the facts in the prompt itself. Its cassettes are labeled
 * `scripted`. It never follows text found inside untrusted blocks.
 */
export function scriptAuthor(request: CassetteRequest): string {
  const system = request.messages.find((m) => m.role === 'system')?.content ?? '';
  const user = request.messages.filter((m) => m.role === 'user').at(0)?.content ?? '';
  const prompt = /^prompt: ([\w-]+)@/m.exec(system)?.[1];
  if (prompt === 'rightsizing-enrich') return enrich(user);
  if (prompt === 'rightsizing-propose') return propose(user);
  if (prompt === 'anomaly-enrich') return explainAnomaly(user);
  if (prompt === 'sku-advice') return adviseSku(user);
  throw new Error(`script author: no script for prompt ${prompt ?? '(none)'}`);
}

function enrich(user: string): string {
  // rightsizing-enrich@2: the size is the cloud's name for it, so it is in the resource block.
  const data = untrustedJson(user, 'resource') as { size?: string; tags?: Record<string, string> } | undefined;
  const size = data?.size ?? 'this size';
  const cpu = /^CPU over (\d+(?:\.\d+)?) h: P50 ([\d.]+)%, P95 ([\d.]+)%, P99\.5 ([\d.]+)%/m.exec(user);
  const owner = Object.entries(data?.tags ?? {}).find(([k]) => k.toLowerCase() === 'owner')?.[1] ?? null;
  const explanation = cpu
    ? `Over ${cpu[1]} hours the ${size} ran at ${cpu[2]}% CPU at the median and ${cpu[4]}% at P99.5, so most of its capacity sits idle. A smaller size of the same family keeps the memory-per-vCPU ratio and still leaves headroom.`
    : `The ${size} shows low utilization.`;
  return JSON.stringify({ explanation, owner, nextStep: 'Confirm with the owner that no launch or seasonal peak is coming, then approve the smaller size.' });
}

function propose(user: string): string {
  // rightsizing-propose@2: the candidates' SKUs come from the catalog, so they are in a block.
  const candidates = (untrustedJson(user, 'candidates') as { sku: string; monthlySavingsUsd: number; projectedCpuP995Pct: number }[] | undefined) ?? [];
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

function ownerFrom(user: string): string | null {
  const data = untrustedJson(user, 'resource') as { tags?: Record<string, string> } | null | undefined;
  return (
    Object.entries(data?.tags ?? {})
      .find(([k]) => k.trim().toLowerCase() === 'owner')?.[1]
      ?.trim() ?? null
  );
}

function explainAnomaly(user: string): string {
  // anomaly-enrich@2: the contributors' keys come from the bill, so they are in an untrusted block.
  const contributors = (untrustedJson(user, 'contributors') as Contributor[] | undefined) ?? [];
  const changes = (untrustedJson(user, 'changes') as unknown[] | undefined) ?? [];
  const cause = likelyCauseOf(contributors, changes.length);
  const rising = contributors.filter((c) => c.deltaUsdPerDay > 0).slice(0, 2);
  const named = rising.map((c) => `${c.value} rose by $${c.deltaUsdPerDay}/day`).join(' and ');
  const narrative = named
    ? `${named}, which accounts for the anomaly. The evidence points to ${cause === 'unknown' ? 'no single cause' : `a ${cause} cause`}${changes.length ? `, with ${changes.length} recorded change(s) just before the rise` : ''}.`
    : 'No contributor moved enough to explain the anomaly from the breakdown alone.';
  return JSON.stringify({
    narrative,
    likelyCause: cause,
    owner: ownerFrom(user),
    nextStep: `Ask the owner to confirm the ${cause} explanation against their release and traffic notes.`,
  });
}

function adviseSku(user: string): string {
  // sku-advice@2: the sizes, region and options come from the cloud and its catalog, so they are in blocks.
  const options =
    (untrustedJson(user, 'options') as { id: string; sku: string; architecture: string; purchase: string; monthlyUsd: number }[] | undefined) ?? [];
  const planned = (untrustedJson(user, 'sizes') as { plannedSku?: string } | undefined)?.plannedSku;
  const cpu = /P50 ([\d.]+)%, P95 ([\d.]+)%/.exec(user);
  const steady = cpu ? Number(cpu[2]) - Number(cpu[1]) <= 15 : false;
  const arch = options.find((o) => o.sku === planned)?.architecture;
  const purchase = steady ? 'commitment-1y' : 'on-demand';
  const pick = options.filter((o) => o.architecture === arch && o.purchase === purchase).sort((a, b) => a.monthlyUsd - b.monthlyUsd)[0] ?? options[0];
  if (!pick) return JSON.stringify({ optionId: '', rationale: 'No option was listed.' });
  const other = options.filter((o) => o.architecture !== arch && o.purchase === purchase).sort((a, b) => a.monthlyUsd - b.monthlyUsd)[0];
  const rationale = `${pick.sku} ${pick.purchase} at $${pick.monthlyUsd}/month is the cheapest option on the same architecture; use is ${steady ? 'steady enough for a commitment' : 'too variable to commit'}.${other ? ` ${other.sku} at $${other.monthlyUsd}/month is cheaper but needs a rebuild for ${other.architecture}.` : ''}`;
  return JSON.stringify({ optionId: pick.id, rationale });
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
