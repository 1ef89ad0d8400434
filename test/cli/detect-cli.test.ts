import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { anomalyOptionsFromPolicy } from '../../cli/detect-anomalies.js';
import { DEFAULT_ANOMALY_OPTIONS } from '../../detect/anomaly/index.js';
import { DEFAULT_POLICY, PolicySchema } from '../../guardrails/index.js';
import { openWarehouse } from '../../warehouse/index.js';
import { generateScenario } from '../detect/cost-scenario.js';

const tollgate = (args: string[]) => execFileSync('node', ['bin/tollgate.mjs', ...args], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });

/** A warehouse holding one seeded scenario's FOCUS rows (test/detect/cost-scenario.ts). */
async function scenarioWarehouse(seed: number): Promise<{ dir: string; dbPath: string; scenario: ReturnType<typeof generateScenario> }> {
  const dir = mkdtempSync(join(tmpdir(), 'tollgate-detect-'));
  const dbPath = join(dir, 'warehouse.duckdb');
  const scenario = generateScenario(seed);
  const ndjson = join(dir, 'rows.ndjson');
  writeFileSync(ndjson, scenario.rows.map((r) => JSON.stringify({ ...r, Tags: JSON.stringify(r.Tags) })).join('\n'));
  const db = await openWarehouse(dbPath);
  await db.connection.run(
    `INSERT INTO focus_rows (ChargePeriodStart, EffectiveCost, BilledCost, ProviderName, BillingAccountId, SubAccountId, ServiceName, RegionId, ResourceId,
                             x_tags, x_source_file, x_source_row, x_source_part, x_ingest_id, x_format)
     SELECT CAST(ChargePeriodStart AS TIMESTAMP), EffectiveCost, EffectiveCost, ProviderName, BillingAccountId, SubAccountId, ServiceName, RegionId,
            NULLIF(ResourceId, ''), CAST(Tags AS JSON), 'scenario', 0, 0, 'scenario', 'focus'
     FROM read_json_auto('${ndjson}', format = 'newline_delimited')`,
  );
  db.close();
  return { dir, dbPath, scenario };
}

describe('tollgate detect', () => {
  it('anomalies --db --json prints exactly the documented shape and finds the injected events', async () => {
    const { dbPath, scenario } = await scenarioWarehouse(11);
    const out = JSON.parse(tollgate(['detect', 'anomalies', '--db', dbPath, '--json'])) as { anomalies: Record<string, unknown>[] };
    expect(Object.keys(out)).toEqual(['anomalies']);
    expect(out.anomalies.length).toBeGreaterThan(0);
    for (const a of out.anomalies) {
      expect(Object.keys(a).sort()).toEqual(['actual', 'contributors', 'date', 'dimension', 'expected', 'key', 'lower', 'method', 'severity', 'upper']);
      for (const c of a.contributors as Record<string, unknown>[]) expect(Object.keys(c).sort()).toEqual(['deltaUsd', 'dimension', 'key']);
    }
    const spike = scenario.truth.find((t) => t.name === 'spike-25pct')!;
    const onSpike = out.anomalies.find((a) => a.date === spike.startDate && a.dimension === 'service' && a.key === 'Amazon Simple Storage Service');
    expect(onSpike).toBeDefined();
    expect(out.anomalies.some((a) => a.method === 'new-service' && a.key === 'Amazon Bedrock')).toBe(true);
  });

  it("anomalies reads its floor from the policy's anomalies section; --min-impact-usd still overrides", async () => {
    const { dir, dbPath, scenario } = await scenarioWarehouse(11);
    const spike = scenario.truth.find((t) => t.name === 'spike-25pct')!;
    type Out = { anomalies: { date: string; dimension: string; key: string; method: string; expected: number; actual: number }[] };
    const onSpike = (out: Out) =>
      out.anomalies.find((a) => a.date === spike.startDate && a.dimension === 'service' && a.key === 'Amazon Simple Storage Service');

    const byDefault = onSpike(JSON.parse(tollgate(['detect', 'anomalies', '--db', dbPath, '--json'])) as Out)!;
    expect(byDefault).toBeDefined();
    const impact = byDefault.actual - byDefault.expected;
    expect(impact).toBeGreaterThanOrEqual(50);

    // A floor just above the spike's $ impact: the default reports it, this policy does not.
    const floor = Math.ceil(impact) + 1;
    const strict = join(dir, 'strict.policy.yaml');
    writeFileSync(strict, `version: 1\nanomalies:\n  minImpactUsd: ${floor}\n`);
    const withPolicy = JSON.parse(tollgate(['detect', 'anomalies', '--db', dbPath, '--policy', strict, '--json'])) as Out;
    expect(onSpike(withPolicy)).toBeUndefined();
    expect(withPolicy.anomalies.length).toBeGreaterThan(0);
    for (const a of withPolicy.anomalies) if (a.method !== 'new-service') expect(a.actual - a.expected).toBeGreaterThanOrEqual(floor - 0.01); // cents rounding

    const overridden = JSON.parse(tollgate(['detect', 'anomalies', '--db', dbPath, '--policy', strict, '--min-impact-usd', '50', '--json'])) as Out;
    expect(onSpike(overridden)).toEqual(byDefault);

    // A policy field the schema does not know is refused, not ignored.
    const typo = join(dir, 'typo.policy.yaml');
    writeFileSync(typo, 'anomalies:\n  minImpactUSD: 500\n');
    expect(() => tollgate(['detect', 'anomalies', '--db', dbPath, '--policy', typo, '--json'])).toThrow(/anomalies\.minImpactUSD: unknown field/);
  });

  it("the policy's default anomalies section is exactly the detector's default options", () => {
    expect(anomalyOptionsFromPolicy(DEFAULT_POLICY.anomalies)).toEqual(DEFAULT_ANOMALY_OPTIONS);
    const custom = anomalyOptionsFromPolicy(
      PolicySchema.parse({ anomalies: { minPctAboveExpected: 10, majorPct: 30, criticalPct: 80, newServiceMinUsd: 200 } }).anomalies,
    );
    expect(custom).toMatchObject({ minPctAboveExpected: 0.1, majorPct: 0.3, criticalPct: 0.8, newKeyMinUsd: 200, minImpactUsd: 50 });
  });

  it('series CSV --json prints timestamps and scores', () => {
    const dir = mkdtempSync(join(tmpdir(), 'tollgate-series-'));
    const csv = join(dir, 'series.csv');
    const lines = ['timestamp,value'];
    for (let i = 0; i < 1500; i++) lines.push(`2024-01-01 00:${String(i).padStart(4, '0')},${i === 1200 ? 95 : 10 + Math.sin(i / 7)}`);
    writeFileSync(csv, lines.join('\n'));
    const out = JSON.parse(tollgate(['detect', 'series', csv, '--json'])) as { anomalies: { timestamp: string; score: number }[] };
    expect(Object.keys(out)).toEqual(['anomalies']);
    expect(out.anomalies.map((a) => a.timestamp)).toContain('2024-01-01 00:1200');
    for (const a of out.anomalies) expect(a.score).toBeGreaterThan(0.99);
  });
});
