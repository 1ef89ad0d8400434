import { mkdtempSync, readdirSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative, resolve } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_POLICY } from '../../guardrails/policy.js';
import { ingestFile } from '../../ingest/index.js';
import { DataError, exportFocus, openWarehouse } from '../../warehouse/index.js';
import { documentedExceptions, documentedRefusals, refusalFor, runFocusValidator, unexcused, type ValidatorRun } from '../support/focus-validator.js';

/**
 * The FinOps Foundation's own validator (focus-validator, FOCUS 1.2) over `tollgate export focus`
 * of every sample billing file and every format fixture: no failed rule unless docs/data-dictionary.md
 * documents it with the source column that cannot supply it. A sample whose values the ingest
 * refuses as ambiguous (money written `$10,000.00`, a cost without its currency, a currency that is
 * not ISO 4217) stores nothing and so has nothing to export: the refusal itself must be documented.
 */
const DATA = resolve(process.cwd(), '../shared/data');
const FIXTURES = resolve(process.cwd(), 'test/fixtures');

function filesUnder(folder: string, pattern: RegExp): string[] {
  return readdirSync(folder)
    .sort()
    .flatMap((name) => {
      const path = join(folder, name);
      if (statSync(path).isDirectory()) return filesUnder(path, pattern);
      return pattern.test(name) ? [path] : [];
    });
}

const SAMPLES = [
  ...['focus', 'aws', 'azure', 'gcp'].flatMap((folder) => filesUnder(join(DATA, folder), /\.csv$/i)).map((path) => ({ path, source: relative(DATA, path) })),
  ...['ingest', 'focus-1.3']
    .flatMap((folder) => filesUnder(join(FIXTURES, folder), /\.(csv|jsonl)$/i))
    .map((path) => ({ path, source: relative(process.cwd(), path) })),
];

const results = new Map<string, ValidatorRun | DataError | Error>();

/**
 * The sample in a warehouse. Slash dates are refused unless their order is declared; the FOCUS
 * specification's examples write American dates (`5/1/25`), so a refusal on a date column is
 * retried with `month/day/year`, as a user would with `--date-layout`.
 */
async function ingestSample(db: Awaited<ReturnType<typeof openWarehouse>>, path: string): Promise<void> {
  const options = { format: 'auto' as const, tagAliases: DEFAULT_POLICY.tags.aliases };
  try {
    await ingestFile(db, path, options);
  } catch (error) {
    if (!(error instanceof DataError) || !/Period(Start|End)$/.test(error.location.column ?? '')) throw error;
    await ingestFile(db, path, { ...options, dateLayout: 'month/day/year' });
  }
}

/** Ingest, export and validate one sample in its own warehouse. */
async function validate(sample: { path: string; source: string }, dir: string): Promise<ValidatorRun> {
  const db = await openWarehouse(':memory:');
  try {
    await ingestSample(db, sample.path);
    const out = join(dir, `${sample.source.replaceAll('/', '__')}.parquet`);
    await exportFocus(db, { out, format: 'parquet' });
    return await runFocusValidator(out);
  } finally {
    db.close();
  }
}

describe('focus-validator 2.2.1 passes every export', () => {
  beforeAll(async () => {
    const dir = mkdtempSync(join(tmpdir(), 'tollgate-focus-validator-'));
    const queue = [...SAMPLES];
    // Two at a time: the validator is a Python process per file, and the machine has two cores.
    const worker = async () => {
      for (let sample = queue.shift(); sample; sample = queue.shift()) {
        results.set(sample.source, await validate(sample, dir).catch((e: unknown) => (e instanceof Error ? e : new Error(String(e)))));
      }
    };
    await Promise.all([worker(), worker()]);
  }, 1_800_000);

  it('finds the samples and reads the exceptions table', () => {
    expect(SAMPLES.length).toBeGreaterThan(30);
    expect(documentedExceptions().length).toBeGreaterThan(0);
  });

  it.each(SAMPLES.map((s) => s.source))('%s: 0 failed rules, or each documented', (source) => {
    const result = results.get(source);
    if (result instanceof DataError) {
      const documented = refusalFor(source, result.location.column, documentedRefusals());
      expect(documented, `${source} was refused at ingest and docs/data-dictionary.md does not say why:\n${result.message}`).toBeDefined();
      console.info(`conformance | ${source} | refused at ingest | column ${result.location.column} |`);
      return;
    }
    if (result instanceof Error) throw result;
    const failed = result?.failed ?? [];
    const left = unexcused(failed, source, documentedExceptions());
    // One line per file for the conformance table in docs/data-dictionary.md.
    console.info(
      `conformance | ${source} | ${result?.total} | ${result?.passed} | ${failed.length} | ${result?.skipped} | ${failed.length - left.length} documented |`,
    );
    const report = left.map((f) => `  ${f.rule} (${f.violations} violations): ${f.message}`).join('\n');
    expect(left, `${source}: ${left.length} failed rule(s) not documented in docs/data-dictionary.md:\n${report}`).toEqual([]);
  });
});
