import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_POLICY } from '../../guardrails/policy.js';
import { ingestFile, type IngestProgress } from '../../ingest/index.js';
import { openWarehouse, type Warehouse } from '../../warehouse/index.js';

const FOCUS_CSV = resolve(process.cwd(), '../shared/data/focus/focus_sample_1.0_1000rows.csv');
const COPIES = 6;

describe('ingest progress: reported from inside a file, through a callback', () => {
  let dir: string;
  let db: Warehouse;
  let file: string;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'tollgate-progress-'));
    db = await openWarehouse(join(dir, 'warehouse.duckdb'));
    // 6,000 records, about 4.5 MiB: several 1 MiB read chunks, so counts can move before the file ends.
    const [header, ...lines] = readFileSync(FOCUS_CSV, 'utf8').replace(/\n$/, '').split('\n');
    file = join(dir, 'focus-x6.csv');
    writeFileSync(file, [header, ...Array.from({ length: COPIES }, () => lines).flat()].join('\n') + '\n');
  });
  afterAll(() => {
    db.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('counts bytes, then rows, upwards before the file is done, and ends at the rows loaded', async () => {
    const calls: IngestProgress[] = [];
    const result = await ingestFile(db, file, {
      format: 'auto',
      tagAliases: DEFAULT_POLICY.tags.aliases,
      onProgress: (p) => calls.push(p),
      progressEveryMs: 0,
    });
    expect(result.rows).toBe(1000 * COPIES);

    const size = statSync(file).size;
    expect(size).toBeGreaterThan(4 * 2 ** 20);
    const last = calls.at(-1)!;
    expect(last).toMatchObject({ file, phase: 'done', rows: result.rows, fraction: 1 });
    const before = calls.slice(0, -1);
    expect(before.every((c) => c.phase !== 'done')).toBe(true);

    // Byte counts strictly between 0 and the size, rising within each pass: progress inside the file, not per file.
    const bytes = before.filter((c) => c.phase === 'read').map((c) => c.bytes);
    expect(bytes).toEqual([...bytes].sort((a, b) => a - b));
    expect(bytes.at(-1)).toBe(size);

    // Rows once the file is read: counted up to the records it holds, before the file is done.
    const loads = before.filter((c) => c.phase === 'load');
    expect(loads.at(-1)).toMatchObject({ rows: 1000 * COPIES, totalRows: 1000 * COPIES });
    const rows = loads.map((c) => c.rows);
    expect(rows).toEqual([...rows].sort((a, b) => a - b));

    // One monotonic measure for the bar, and the passes in order.
    const fractions = calls.map((c) => c.fraction);
    expect(fractions).toEqual([...fractions].sort((a, b) => a - b));
    const phases = [...new Set(calls.map((c) => c.phase))];
    // The hash is computed during the read: no pass of its own whose rate the bar would extrapolate.
    expect(phases).toEqual(['read', 'check', 'load', 'done']);
  });

  it('a file already held reports done with its rows at once', async () => {
    const calls: IngestProgress[] = [];
    const result = await ingestFile(db, file, { format: 'auto', tagAliases: DEFAULT_POLICY.tags.aliases, onProgress: (p) => calls.push(p) });
    expect(result.status).toBe('unchanged');
    expect(calls.at(-1)).toMatchObject({ phase: 'done', rows: 1000 * COPIES });
  });

  it('is throttled: within a pass, at most one report per period besides its start and end', async () => {
    const copy = join(dir, 'focus-x6-again.csv');
    writeFileSync(copy, readFileSync(file, 'utf8').replace(/\n$/, '\n\n'));
    const calls: IngestProgress[] = [];
    await ingestFile(db, copy, { format: 'auto', tagAliases: DEFAULT_POLICY.tags.aliases, onProgress: (p) => calls.push(p), progressEveryMs: 60_000 });
    // An hour-long period leaves only the boundaries: read 0 and 1, check 1, load 0 and 1, done.
    expect(calls.filter((c) => c.phase === 'read').map((c) => c.bytes)).toEqual([0, statSync(copy).size]);
    expect(calls.length).toBeLessThanOrEqual(6);
  });
});
