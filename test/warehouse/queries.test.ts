import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_POLICY } from '../../guardrails/policy.js';
import { ingestFile } from '../../ingest/index.js';
import { costsByGroup, dailyCostSeries, openWarehouse, queryRows, tagAudit, unitCosts, type Warehouse } from '../../warehouse/index.js';

const CUR2 = resolve(process.cwd(), 'test/fixtures/ingest/aws-cur2-sample.csv');
const GCP = resolve(process.cwd(), 'test/fixtures/ingest/gcp-billing-export.jsonl');
const FOCUS = resolve(process.cwd(), '../shared/data/focus/focus_sample_1.0_1000rows.csv');

describe('warehouse queries', () => {
  let db: Warehouse;
  beforeAll(async () => {
    db = await openWarehouse(':memory:');
    for (const file of [CUR2, GCP, FOCUS]) await ingestFile(db, file, { format: 'auto', tagAliases: DEFAULT_POLICY.tags.aliases });
  });
  afterAll(() => db.close());

  it('costs by a FOCUS column and a normalized tag add up to the table, per currency', async () => {
    const groups = await costsByGroup(db, { by: ['providername', 'team'] });
    const [total] = await queryRows(db, `SELECT sum(EffectiveCost)::DOUBLE AS e, sum(BilledCost)::DOUBLE AS b FROM focus_rows`);
    expect(groups.reduce((s, g) => s + g.EffectiveCost, 0)).toBeCloseTo(Number(total?.e), 6);
    expect(groups.reduce((s, g) => s + g.BilledCost, 0)).toBeCloseTo(Number(total?.b), 6);
    const payments = groups.find((g) => g.ProviderName === 'AWS' && g.team === 'payments');
    // payments: on-demand EC2 1.92 and S3 0.023 in the fixture
    expect(payments?.EffectiveCost).toBeCloseTo(1.943, 9);
    await expect(groupsBy('x; DROP TABLE focus_rows')).rejects.toThrow(/not a FOCUS column or a tag key/);
  });

  const groupsBy = (key: string) => costsByGroup(db, { by: [key] });

  it('--from/--to bound ChargePeriodStart (to is exclusive)', async () => {
    const march2 = await costsByGroup(db, { by: ['ProviderName'], from: '2025-03-02', to: '2025-03-03' });
    const [expected] = await queryRows(db, `SELECT sum(EffectiveCost)::DOUBLE AS e FROM focus_rows WHERE CAST(ChargePeriodStart AS DATE) = DATE '2025-03-02'`);
    expect(march2.reduce((s, g) => s + g.EffectiveCost, 0)).toBeCloseTo(Number(expected?.e), 9);
    expect(march2.map((g) => g.ProviderName)).toEqual(['AWS']);
  });

  it('dailyCostSeries: one point per key and day, summing to the total', async () => {
    const total = await dailyCostSeries(db, 'total');
    const byTeam = await dailyCostSeries(db, 'team');
    const byProvider = await dailyCostSeries(db, 'provider');
    const sumOf = (points: { cost: number }[]) => points.reduce((s, p) => s + p.cost, 0);
    expect(new Set(total.map((p) => p.key))).toEqual(new Set(['all']));
    expect(sumOf(byTeam)).toBeCloseTo(sumOf(total), 6);
    expect(sumOf(byProvider)).toBeCloseTo(sumOf(total), 6);
    const keys = byTeam.map((p) => `${p.currency}|${p.key}|${p.day}`);
    expect(new Set(keys).size).toBe(keys.length);
    expect(byTeam.find((p) => p.key === 'checkout')).toMatchObject({ day: '2025-03-03' });
    expect(byTeam.some((p) => p.key === '(none)')).toBe(true);
  });

  it('tag audit: compliance shares, untagged spend and offenders', async () => {
    const audit = await tagAudit(db, { ...DEFAULT_POLICY.tags, required: ['team', 'env'] });
    const [counts] = await queryRows(
      db,
      `SELECT sum(greatest(EffectiveCost, 0)) FILTER (json_extract_string(x_tags, '$.team') IS NOT NULL)::DOUBLE AS team_cost,
              sum(greatest(EffectiveCost, 0))::DOUBLE AS cost FROM focus_rows`,
    );
    expect(audit.keys.find((k) => k.key === 'team')?.costShare).toBeCloseTo(Number(counts?.team_cost) / Number(counts?.cost), 9);
    expect(audit.compliant.costShare).toBeLessThanOrEqual(Math.min(...audit.keys.map((k) => k.costShare)));
    expect(audit.topUntagged.length).toBeGreaterThan(0);
    for (const u of audit.topUntagged) expect(u.missing.length).toBeGreaterThan(0);
    const costs = audit.topUntagged.map((u) => u.effectiveCost);
    expect(costs).toEqual([...costs].sort((a, b) => b - a));
    expect(audit.offendersByAccount.length).toBeGreaterThan(0);
  });

  it('unit economics: cost per unit joins the metric by tag and day', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'tollgate-metric-'));
    const metric = join(dir, 'requests.csv');
    writeFileSync(metric, 'date,team,requests\n2025-03-01,payments,1000\n2025-03-02,payments,1000\n2025-03-01,search,0\n');
    const unit = await unitCosts(db, metric);
    expect([unit.tagKey, unit.metric]).toEqual(['team', 'requests']);
    const payments = unit.rows.find((r) => r.key === 'payments');
    expect(payments?.quantity).toBe(2000);
    expect(payments?.costPerUnit).toBeCloseTo((1.92 + 0.023) / 2000, 12);
    expect(unit.rows.find((r) => r.key === 'search')?.costPerUnit).toBeNull();
  });
});
