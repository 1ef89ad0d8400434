import { mkdtempSync, readdirSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative, resolve } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_POLICY } from '../../guardrails/policy.js';
import { ingestFile } from '../../ingest/index.js';
import { exportFocus, openWarehouse } from '../../warehouse/index.js';
import { documentedExceptions, runFocusValidator, unexcused, type ValidatorRun } from '../support/focus-validator.js';

/**
 * The FinOps Foundation's own validator (focus-validator, FOCUS 1.2) over `tollgate export focus`
 * of every sample billing file and every format fixture: no failed rule unless docs/data-dictionary.md
 * documents it with the source column that cannot supply it.
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

const results = new Map<string, ValidatorRun | Error>();

/** Ingest, export and validate one sample in its own warehouse. */
async function validate(sample: { path: string; source: string }, dir: string): Promise<ValidatorRun> {
  const db = await openWarehouse(':memory:');
  try {
    await ingestFile(db, sample.path, { format: 'auto', tagAliases: DEFAULT_POLICY.tags.aliases });
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
