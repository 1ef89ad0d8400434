import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse as parseYaml } from 'yaml';
import { anomalyOptionsFromPolicy, incidentsInWarehouse, type DetectionProgress } from '../../cli/detect-anomalies.js';
import { IncidentSchema, type Incident } from '../../core/index.js';
import { DEFAULT_ANOMALY_OPTIONS } from '../../detect/anomaly/index.js';
import { DEFAULT_POLICY, PolicySchema } from '../../guardrails/index.js';
import { scenarioWarehouse } from '../detect/scenario-warehouse.js';

const tollgate = (args: string[]) => execFileSync('node', ['bin/tollgate.mjs', ...args], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });

describe('tollgate detect', () => {
  type Out = { incidents: Incident[]; suppressed: { incident: Incident; planned: string }[]; seriesScanned: number };
  const onSpikeOf = (out: Out, date: string) => out.incidents.filter((i) => i.start === date && i.rootCause.service === 'Amazon Simple Storage Service');

  it('anomalies --db --json prints incidents: the spike once, with its root cause, impact and a stable id', async () => {
    const { dbPath, scenario } = await scenarioWarehouse(11);
    const out = JSON.parse(tollgate(['detect', 'anomalies', '--db', dbPath, '--json'])) as Out;
    expect(Object.keys(out)).toEqual(['incidents', 'suppressed', 'seriesScanned']);
    expect(out.incidents.length).toBeGreaterThan(0);
    for (const i of out.incidents) {
      expect(IncidentSchema.parse(i)).toEqual(i);
      expect(i.currency).toBe('USD');
      expect(i.impact).toBeCloseTo(i.actual - i.expected, 1);
    }
    const spike = scenario.truth.find((t) => t.name === 'spike-25pct')!;
    // One spike on one service: at most two incidents (prod and dev can stand apart), not one per series.
    const onSpike = onSpikeOf(out, spike.startDate);
    expect(onSpike.length).toBeGreaterThanOrEqual(1);
    expect(onSpike.length).toBeLessThanOrEqual(2);
    expect(onSpike[0]!.affected.length).toBeGreaterThanOrEqual(1);
    expect(out.incidents.some((i) => i.method === 'new-service' && i.rootCause.service === 'Amazon Bedrock')).toBe(true);
    // Detecting again gives the same ids.
    const again = JSON.parse(tollgate(['detect', 'anomalies', '--db', dbPath, '--json'])) as Out;
    expect(again.incidents.map((i) => i.id)).toEqual(out.incidents.map((i) => i.id));
  }, 120_000);

  it("anomalies reads its floor and planned events from the policy's anomalies section; --min-impact-usd still overrides", async () => {
    const { dir, dbPath, scenario } = await scenarioWarehouse(11);
    const spike = scenario.truth.find((t) => t.name === 'spike-25pct')!;
    // In process (the CLI's own function) to spare three process starts; the CLI path is covered below.
    const fromPolicy = async (yaml: string | undefined, overrides = {}) => {
      const policy = yaml === undefined ? DEFAULT_POLICY : PolicySchema.parse(parseYaml(yaml));
      return incidentsInWarehouse(dbPath, overrides, anomalyOptionsFromPolicy(policy.anomalies));
    };
    const byDefault = await fromPolicy(undefined);
    // Progress for the bar: DuckDB reading (when its meter moves), then every series scanned.
    const seen: DetectionProgress[] = [];
    const withProgress = await incidentsInWarehouse(dbPath, {}, anomalyOptionsFromPolicy(DEFAULT_POLICY.anomalies), (p) => seen.push(p));
    expect(withProgress).toEqual(byDefault);
    const scans = seen.filter((p) => p.phase === 'scan');
    expect(scans.at(-1)).toEqual({ phase: 'scan', done: byDefault.seriesScanned, total: byDefault.seriesScanned });
    expect(seen.findIndex((p) => p.phase === 'scan')).toBe(seen.length - 1 - scans.length); // reading comes first
    // Last, where the time went: the read and each step of the detector.
    const done = seen.at(-1)!;
    if (done.phase !== 'done') throw new Error(`last progress is ${done.phase}, not done`);
    expect(done.series).toBe(byDefault.seriesScanned);
    expect(done.cells).toBe((seen.find((p) => p.phase === 'read' && p.cells !== undefined) as { cells: number }).cells);
    for (const ms of [done.readMs, ...Object.values(done.timings)]) expect(ms).toBeGreaterThanOrEqual(0);
    expect(onSpikeOf(byDefault, spike.startDate).length).toBeGreaterThan(0);
    // A floor far above any day's rise: only new services (judged on their own floor) remain.
    const strict = 'version: 1\nanomalies:\n  minImpactUsd: 100000\n';
    expect((await fromPolicy(strict)).incidents.filter((i) => i.method !== 'new-service')).toEqual([]);
    expect((await fromPolicy(strict, { minImpactUsd: 50 })).incidents).toEqual(byDefault.incidents);

    // A planned event covering the spike's day and service: suppressed, and said so.
    const planned = join(dir, 'planned.policy.yaml');
    writeFileSync(
      planned,
      `version: 1\nanomalies:\n  planned:\n    - name: s3-backfill\n      from: "${spike.startDate}"\n      to: "${spike.startDate}"\n      match: { service: Amazon Simple Storage Service }\n`,
    );
    const withPlanned = JSON.parse(tollgate(['detect', 'anomalies', '--db', dbPath, '--policy', planned, '--json'])) as Out;
    expect(onSpikeOf(withPlanned, spike.startDate)).toEqual([]);
    expect(withPlanned.suppressed.map((s) => s.planned)).toContain('s3-backfill');
    expect(withPlanned.incidents.length + withPlanned.suppressed.length).toBe(byDefault.incidents.length);
    expect(withPlanned.incidents).toEqual(byDefault.incidents.filter((i) => !withPlanned.suppressed.some((s) => s.incident.id === i.id)));

    // A policy field the schema does not know is refused, not ignored.
    const typo = join(dir, 'typo.policy.yaml');
    writeFileSync(typo, 'anomalies:\n  minImpactUSD: 500\n');
    expect(() => tollgate(['detect', 'anomalies', '--db', dbPath, '--policy', typo, '--json'])).toThrow(/anomalies\.minImpactUSD: unknown field/);
  }, 180_000);

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
