import { existsSync } from 'node:fs';
import type { Command } from 'commander';
import { SAVINGS_METHOD, savingsFromBill, type ChangeSavings, type SavingsLedger, type SavingsWindow } from '../../reports/index.js';
import { runtimeConfig } from '../../runtime/config.js';
import { openAudit } from '../../runtime/deps.js';
import { warehousePath, withWarehouse } from '../ingest-db.js';
import { printJson, printTable } from '../output.js';

interface SavingsOptions {
  db?: string;
  store?: string;
  window?: string;
  json?: boolean;
}

function windowsOf(option: string | undefined): SavingsWindow[] {
  if (option === undefined) return [7, 30];
  if (option === '7' || option === '30') return [Number(option) as SavingsWindow];
  throw new Error(`--window: "${option}" is not a window; use 7 or 30 (days before and after each change)`);
}

const amount = (n: number | undefined) => (n === undefined ? '' : n.toFixed(2));

function realizedCell(c: ChangeSavings): string {
  if (c.status === 'pending') return `pending (${c.missingDays} day(s) missing)`;
  if (c.status === 'no-baseline') return 'no cost before the change';
  return amount(c.realizedMonthly);
}

function printLedger(ledger: SavingsLedger): void {
  process.stdout.write(`\n${ledger.windowDays}-day windows (bill complete until ${ledger.billCoveredUntil ?? 'no rows'})\n`);
  printTable(
    ledger.changes.map((c) => ({
      resource: c.resourceId,
      change: c.change,
      applied: c.appliedAt.slice(0, 10),
      currency: c.currency ?? '',
      estimatedUsd: c.estimatedMonthlySavingsUsd.toFixed(2),
      realized: realizedCell(c),
      beforePerDay: amount(c.before.effectiveCost / ledger.windowDays),
      afterPerDay: amount(c.after.effectiveCost / ledger.windowDays),
    })),
    ['resource', 'change', 'applied', 'currency', 'estimatedUsd', 'realized', 'beforePerDay', 'afterPerDay'],
  );
  process.stdout.write(`estimated ${ledger.estimatedMonthlyUsd.toFixed(2)} USD/month over ${ledger.changes.length} change(s); ${ledger.pending} pending\n`);
  for (const t of ledger.totals)
    process.stdout.write(
      `realized ${t.realizedMonthly.toFixed(2)} ${t.currency ?? '(no currency)'}/month on ${t.measured} measured change(s) (estimated ${t.estimatedMonthlyUsd.toFixed(2)} USD)\n`,
    );
}

export function registerSavings(program: Command): void {
  program
    .command('savings')
    .description('savings measured from the bill: each applied change, estimated vs realized at 7 and 30 days (docs/reports.md)')
    .option('--db <file>', 'warehouse file (default $TOLLGATE_HOME/warehouse.duckdb)')
    .option('--store <url>', 'audit store: SQLite path or postgres://… (default: $TOLLGATE_AUDIT_STORE or the local SQLite file)')
    .option('--window <days>', '7 or 30 (default: both)')
    .option('--json', 'print JSON')
    .action(async (opts: SavingsOptions) => {
      const windows = windowsOf(opts.window);
      const path = warehousePath(opts.db);
      if (!existsSync(path)) throw new Error(`no warehouse at ${path}: load the bill with \`tollgate ingest\` or pass --db`);
      const store = openAudit(runtimeConfig(), opts.store ?? runtimeConfig().auditStore);
      try {
        const records = await store.records();
        const ledgers = await withWarehouse(path, (db) => savingsFromBill(db, records, windows));
        if (opts.json) return printJson(ledgers);
        process.stdout.write(`${SAVINGS_METHOD('N')}\n`);
        for (const ledger of ledgers) printLedger(ledger);
      } finally {
        await store.close();
      }
    });
}
