import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parseEstate, type Estate } from '../../clouds/sandbox/estate.js';
import { PolicySchema, type Policy } from '../../guardrails/index.js';
import { parse as parseYaml } from 'yaml';
import { resolveRelativeTimes } from './relative-time.js';
import { evalKeyring } from './approver-keys.js';
import type { Scenario } from './scenario.js';
import { sourceUrl } from '../../core/source-url.js';

const SAMPLE_ESTATE = fileURLToPath(sourceUrl('../../clouds/sandbox/fixtures/sample-estate.json', import.meta.url));
const BASE_POLICY = fileURLToPath(sourceUrl('../../tollgate.policy.yaml', import.meta.url));

/**
 * The sandbox estate of one scenario: sample resources picked and patched, plus its own. The
 * scenario's timestamps are relative to `now`, the eval's clock.
 */
export function estateOf(scenario: Scenario, now: Date): Estate {
  const sample = JSON.parse(readFileSync(SAMPLE_ESTATE, 'utf8')) as { catalog: unknown; resources: { id: string }[] };
  const picked = scenario.estate.fromSample.map((id) => {
    const found = sample.resources.find((r) => r.id === id);
    if (!found) throw new Error(`${scenario.dir}: estate.fromSample names ${id}, which the sample estate does not hold`);
    return found;
  });
  const where = `${scenario.dir}/scenario.json: estate`;
  const own = resolveRelativeTimes(scenario.estate.resources, now, `${where}.resources`);
  const patches = resolveRelativeTimes(scenario.estate.patch, now, `${where}.patch`);
  const resources = [...picked, ...own].map((r) => {
    const patch = patches[String(r.id)];
    return patch ? deepMerge(r, patch) : r;
  });
  const json = JSON.stringify({ description: scenario.title, catalog: sample.catalog, resources });
  return parseEstate(json, `${scenario.dir}/scenario.json (estate)`);
}

/** tollgate.policy.yaml with the scenario's overrides merged in, validated like any policy. */
export function policyOf(scenario: Scenario): Policy {
  const base = parseYaml(readFileSync(BASE_POLICY, 'utf8')) as Record<string, unknown>;
  const merged = deepMerge(base, scenario.policy);
  const parsed = PolicySchema.safeParse(merged);
  if (!parsed.success) {
    throw new Error(
      `${scenario.dir}/scenario.json: policy overrides are invalid\n${parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`).join('\n')}`,
    );
  }
  // Scenario approvers sign their decisions with keys generated for this run (evals/runner/approver-keys.ts).
  return evalKeyring.withKeys(parsed.data);
}

/** Objects merge key by key; arrays and scalars in the patch replace. */
export function deepMerge<T>(base: T, patch: unknown): T {
  if (!isObject(base) || !isObject(patch)) return (patch === undefined ? base : patch) as T;
  const out: Record<string, unknown> = { ...base };
  for (const [key, value] of Object.entries(patch)) out[key] = key in out ? deepMerge(out[key], value) : value;
  return out as T;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
