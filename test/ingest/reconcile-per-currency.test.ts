import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_POLICY } from '../../guardrails/policy.js';
import { ingestFile, reconcileFile } from '../../ingest/index.js';
import { openWarehouse, type Warehouse } from '../../warehouse/index.js';

const CUR2 = resolve(process.cwd(), 'test/fixtures/ingest/aws-cur2-sample.csv');

/**
 * The CUR 2.0 sample (payer 111122223333, USD) with a second payer billed in EUR: the same lines
 * again at twice the unblended cost, so a total that added both currencies could not match either.
 * DuckDB writes it, so quoted JSON columns stay quoted.
 */
async function twoCurrencyExport(db: Warehouse, path: string): Promise<void> {
  const twice = (column: string) => `CAST(CAST(${column} AS DOUBLE) * 2 AS VARCHAR) AS ${column}`;
  await db.connection.run(
    `COPY (SELECT * FROM read_csv('${CUR2}', all_varchar = true)
           UNION ALL
           SELECT * REPLACE ('444455556666' AS bill_payer_account_id, 'EUR' AS line_item_currency_code,
                             ${twice('line_item_unblended_cost')}, ${twice('line_item_net_unblended_cost')})
           FROM read_csv('${CUR2}', all_varchar = true))
     TO '${path}' (FORMAT csv, HEADER true)`,
  );
}

describe('reconcile keeps each currency apart', () => {
  let db: Warehouse;
  let dir: string;
  let file: string;
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'tollgate-reconcile-currency-'));
    file = join(dir, 'cur2-two-currencies.csv');
    db = await openWarehouse(':memory:');
    await twoCurrencyExport(db, file);
    await ingestFile(db, file, { format: 'auto', tagAliases: DEFAULT_POLICY.tags.aliases });
  });
  afterAll(() => {
    db?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('one line per currency; a difference in EUR is not netted against USD', async () => {
    const report = await reconcileFile(db, file);
    expect(report.ok).toBe(true);
    const byCurrency = new Map(report.lines.map((l) => [l.currency, l]));
    expect([...byCurrency.keys()].sort()).toEqual(['EUR', 'USD']);
    expect(byCurrency.get('EUR')!.source).toBeCloseTo(2 * byCurrency.get('USD')!.source, 6);
    // One EUR line 1.00 higher: the EUR line alone is off; USD still agrees.
    await db.connection.run(
      `UPDATE focus_rows SET BilledCost = BilledCost + 1 WHERE BillingCurrency = 'EUR' AND rowid = (SELECT min(rowid) FROM focus_rows WHERE BillingCurrency = 'EUR')`,
    );
    const shifted = await reconcileFile(db, file);
    expect(shifted.ok).toBe(false);
    expect(shifted.lines.filter((l) => !l.ok).map((l) => [l.currency, l.billingAccount])).toEqual([['EUR', '444455556666']]);
  });
});
