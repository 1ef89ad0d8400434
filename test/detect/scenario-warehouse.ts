import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openWarehouse } from '../../warehouse/index.js';
import { generateScenario } from './cost-scenario.js';

/** A DuckDB warehouse holding one seeded scenario's FOCUS rows (cost-scenario.ts): ~110 days, a spike, a new service. */
export async function scenarioWarehouse(seed: number): Promise<{ dir: string; dbPath: string; scenario: ReturnType<typeof generateScenario> }> {
  const dir = mkdtempSync(join(tmpdir(), 'tollgate-detect-'));
  const dbPath = join(dir, 'warehouse.duckdb');
  const scenario = generateScenario(seed);
  const ndjson = join(dir, 'rows.ndjson');
  writeFileSync(ndjson, scenario.rows.map((r) => JSON.stringify({ ...r, Tags: JSON.stringify(r.Tags) })).join('\n'));
  const db = await openWarehouse(dbPath);
  await db.connection.run(
    `INSERT INTO focus_rows (ChargePeriodStart, EffectiveCost, BilledCost, BillingCurrency, ProviderName, BillingAccountId, SubAccountId, ServiceName, RegionId, ResourceId,
                             x_tags, x_source_file, x_source_row, x_source_part, x_ingest_id, x_format)
     SELECT CAST(ChargePeriodStart AS TIMESTAMP), EffectiveCost, EffectiveCost, 'USD', ProviderName, BillingAccountId, SubAccountId, ServiceName, RegionId,
            NULLIF(ResourceId, ''), CAST(Tags AS JSON), 'scenario', 0, 0, 'scenario', 'focus'
     FROM read_json_auto('${ndjson}', format = 'newline_delimited')`,
  );
  db.close();
  return { dir, dbPath, scenario };
}
