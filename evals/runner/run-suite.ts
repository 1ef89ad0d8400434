import { fileURLToPath } from 'node:url';
import { runAnomalyCase } from './anomaly-case.js';
import { runRightsizingFast } from './fast-mode.js';
import { applyGate, loadThresholds, type GateResult, type Thresholds } from './gate.js';
import { failed, type ScenarioOutcome } from './outcome.js';
import { loadSuite, type Scenario } from './scenario.js';
import { openScenarioRun, type ModelOptions, type ScenarioRun } from './scenario-run.js';
import { judge, scoreSuite, type ScenarioVerdict, type SuiteScores } from './score.js';
import { sourceUrl } from '../../core/source-url.js';

export const DEFAULT_SUITE = fileURLToPath(sourceUrl('../scenarios', import.meta.url));

export interface SuiteOptions {
  suiteDir?: string;
  mode: 'fast' | 'full';
  model?: ModelOptions;
  thresholds?: Thresholds;
  /** Only these scenario ids (all when absent). */
  only?: readonly string[];
  /** Only scenarios carrying this tag (e.g. `safety`). */
  tag?: string;
  /** Full mode: how many scenarios share the dev server at once. */
  concurrency?: number;
}

export interface SuiteReport {
  suite: string;
  mode: 'fast' | 'full';
  model: ModelOptions['mode'];
  startedAt: string;
  durationMs: number;
  scores: SuiteScores;
  gate: GateResult;
  thresholds: Thresholds;
  verdicts: ScenarioVerdict[];
}

/** Runs a suite, judges each scenario, scores the whole and applies the gate. */
export async function runSuite(options: SuiteOptions): Promise<SuiteReport> {
  const suite = options.suiteDir ?? DEFAULT_SUITE;
  const started = Date.now();
  const scenarios = loadSuite(suite).filter((s) => (!options.only || options.only.includes(s.id)) && (!options.tag || s.tags.includes(options.tag)));
  const model = options.model ?? { mode: 'replay' };
  const outcomes =
    options.mode === 'full'
      ? await (await import('./full-mode.js')).runFullMode(scenarios, model, options.concurrency ?? 8)
      : await runEach(scenarios, model, (run) => (run.scenario.kind === 'anomaly' ? runAnomalyCase(run, 'fast') : runRightsizingFast(run)));
  const verdicts = scenarios.map((s, i) => judge(s, outcomes[i]!));
  const scores = scoreSuite(scenarios, verdicts);
  const thresholds = options.thresholds ?? loadThresholds();
  return {
    suite,
    mode: options.mode,
    model: model.mode,
    startedAt: new Date(started).toISOString(),
    durationMs: Date.now() - started,
    scores,
    gate: applyGate(scores, thresholds),
    thresholds,
    verdicts,
  };
}

/** One scenario at a time in process: each opens its own world and model endpoint. */
async function runEach(scenarios: readonly Scenario[], model: ModelOptions, play: (run: ScenarioRun) => Promise<ScenarioOutcome>): Promise<ScenarioOutcome[]> {
  const out: ScenarioOutcome[] = [];
  for (const scenario of scenarios) {
    const run = await openScenarioRun(scenario, model);
    try {
      out.push(await play(run).catch((error: unknown) => failed(run, 'fast', error)));
    } finally {
      await run.endpoint.close();
    }
  }
  return out;
}
