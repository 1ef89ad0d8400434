import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ScenarioSchema, type Scenario } from '../evals/runner/scenario.js';
import { openScenarioRun, type ScenarioRun } from '../evals/runner/scenario-run.js';

const SAMPLE = fileURLToPath(new URL('../clouds/sandbox/fixtures/sample-estate.json', import.meta.url));
const TEMPLATE_ID = 'i-0web0overprov01';

/**
 * A bench world of `count` copies of the sample's over-provisioned web VM, each its own
 * resource, answered by the scripted model (script mode, cassettes in a temp dir: the copies
 * share one prompt, so one scripted answer serves them all).
 */
export async function openCopiesWorld(count: number, policy: Record<string, unknown> = {}): Promise<ScenarioRun> {
  const sample = JSON.parse(readFileSync(SAMPLE, 'utf8')) as { resources: { id: string }[] };
  const template = sample.resources.find((r) => r.id === TEMPLATE_ID)!;
  const resources = Array.from({ length: count }, (_, i) => ({ ...template, id: `i-bench${String(i).padStart(9, '0')}` }));
  const dir = mkdtempSync(join(tmpdir(), 'tollgate-bench-world-'));
  const scenario: Scenario = {
    ...ScenarioSchema.parse({ id: 'bench-copies', title: `${count} copies of the web VM`, estate: { resources }, policy, expect: { proposal: true } }),
    dir,
  };
  return openScenarioRun(scenario, { mode: 'script' });
}
