import { InvalidArgumentError } from 'commander';
import { detectFindings } from '../activities/detect-findings.js';
import { readTags, type CatalogEntry, type Finding } from '../core/index.js';
import type { Policy } from '../guardrails/index.js';
import { loadCatalogs } from '../clouds/catalogs/load-catalogs.js';
import { sharedDataDir } from '../clouds/pricing/data-dir.js';
import type { CloudReader } from '../clouds/provider.js';

export type CatalogSource = 'sandbox' | 'shared';

export function parseCatalogSource(value: string): CatalogSource {
  if (value === 'sandbox' || value === 'shared') return value;
  throw new InvalidArgumentError(`--catalog is sandbox (the estate's own) or shared (the list-price files in ../shared/data); found ${JSON.stringify(value)}`);
}

/**
 * The cloud as the finders see it, with the candidate catalog swapped for the real list-price
 * catalogs in the shared data folder (AWS EC2, Azure VMs, GCE; clouds/catalogs/) when asked.
 * Inventory and utilization still come from the cloud itself.
 */
export function withCatalog(
  cloud: CloudReader,
  source: CatalogSource,
  dataDir: string = sharedDataDir(),
): { reader: CloudReader; catalog: () => Promise<CatalogEntry[]> } {
  if (source === 'sandbox') return { reader: cloud, catalog: () => cloud.catalog() };
  let loaded: CatalogEntry[] | undefined;
  const catalog = () => Promise.resolve((loaded ??= loadCatalogs(dataDir)));
  const reader: CloudReader = {
    provider: cloud.provider,
    listResources: () => cloud.listResources(),
    getResource: (id) => cloud.getResource(id),
    utilization: (id, window) => cloud.utilization(id, window),
    catalog,
  };
  return { reader: Object.freeze(reader), catalog };
}

/** Each provider's catalog date, e.g. `aws 2026-07-20, azure 2026-07-20, gcp 2026-07-19`. */
export function catalogDates(catalog: readonly CatalogEntry[]): string {
  const dates = new Map<string, Set<string>>();
  for (const entry of catalog) {
    const set = dates.get(entry.provider) ?? new Set<string>();
    set.add(entry.catalogDate);
    dates.set(entry.provider, set);
  }
  return [...dates]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([provider, set]) => `${provider} ${[...set].sort().join('/')}`)
    .join(', ');
}

/**
 * Findings over every configured cloud, read live (the sandbox's shared state included), without
 * resources the policy excludes by tag: `detect rightsizing` lists what a run would consider.
 */
export async function liveRightsizing(
  clouds: Iterable<CloudReader>,
  policy: Policy,
  now: string,
  source: CatalogSource,
  dataDir?: string,
): Promise<{ findings: Finding[]; excluded: string[]; catalog: CatalogEntry[] }> {
  const findings: Finding[] = [];
  const excluded: string[] = [];
  const catalog: CatalogEntry[] = [];
  for (const cloud of clouds) {
    const { reader, catalog: entries } = withCatalog(cloud, source, dataDir);
    const resources = new Map((await reader.listResources()).map((r) => [r.id, r]));
    for (const f of await detectFindings(reader, policy, now)) {
      const resource = resources.get(f.resourceId);
      if (resource && readTags(resource.tags, policy.tags).isExcluded) excluded.push(f.resourceId);
      else findings.push(f);
    }
    catalog.push(...(await entries()));
  }
  return { findings, excluded, catalog };
}
