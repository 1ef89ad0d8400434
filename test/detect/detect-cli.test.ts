import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openWarehouse } from '../../warehouse/index.js';
import { generateScenario } from './cost-scenario.js';

const tollgate = (args: string[]) => execFileSync('node', ['bin/tollgate.mjs', ...args], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });

describe('tollgate detect', () => {
  it('anomalies --db --json prints exactly the documented shape and finds the injected events', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'tollgate-detect-'));
    const dbPath = join(dir, 'warehouse.duckdb');
    const scenario = generateScenario(11);
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
