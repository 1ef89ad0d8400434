/**
 * Ingest throughput on a synthetic legacy CUR (5 million rows by default), against DuckDB's own raw
 * `read_csv` load of the same file measured in the same run. Not a test: run with `npm run bench:ingest`.
 * BENCH_PROGRESS=1 passes a progress listener, as `tollgate ingest` on a terminal does, to price it.
 */
import { rmSync, statSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { dirname, join } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { DEFAULT_POLICY } from '../guardrails/policy.js';
import { ingestFile } from '../ingest/index.js';
import { openWarehouse } from '../warehouse/index.js';
import { generateCur } from './generate-cur.js';

const rows = Number(process.argv[2] ?? 5_000_000);
const seconds = (start: bigint) => Number(process.hrtime.bigint() - start) / 1e9;

let start = process.hrtime.bigint();
const file = await generateCur(rows);
const generateSeconds = seconds(start);
const dir = dirname(file);

// Anchor: DuckDB loading the same CSV into a table with its own type sniffing, nothing else.
start = process.hrtime.bigint();
const raw = await DuckDBInstance.create(join(dir, 'raw.duckdb'), { memory_limit: '2GB' });
const rawConnection = await raw.connect();
await rawConnection.run(`CREATE TABLE cur AS SELECT * FROM read_csv('${file}')`);
rawConnection.closeSync();
raw.closeSync();
const rawSeconds = seconds(start);

start = process.hrtime.bigint();
const db = await openWarehouse(join(dir, 'warehouse.duckdb'), { memoryLimit: '2GB' });
let progressEvents = 0;
const withProgress = process.env.BENCH_PROGRESS === '1';
const result = await ingestFile(db, file, {
  format: 'auto',
  tagAliases: DEFAULT_POLICY.tags.aliases,
  ...(withProgress ? { onProgress: () => (progressEvents += 1) } : {}),
});
db.close();
const ingestSeconds = seconds(start);

const report = {
  rows,
  fileMiB: Math.round(statSync(file).size / 2 ** 20),
  machine: `${cpus().length} cores (${cpus()[0]?.model ?? 'unknown'}), ${Math.round(totalmem() / 2 ** 30)} GiB RAM, Node ${process.version}`,
  generateSeconds: Number(generateSeconds.toFixed(1)),
  duckdbRawLoad: { seconds: Number(rawSeconds.toFixed(1)), rowsPerSecond: Math.round(rows / rawSeconds) },
  tollgateIngest: { seconds: Number(ingestSeconds.toFixed(1)), rowsPerSecond: Math.round(result.rows / ingestSeconds), focusRows: result.rows },
  ratioToRawLoad: Number((ingestSeconds / rawSeconds).toFixed(2)),
  progress: withProgress ? { events: progressEvents } : 'off',
};
process.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
rmSync(dir, { recursive: true, force: true });
