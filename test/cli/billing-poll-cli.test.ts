import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { openAuditStore } from '../../audit/index.js';
import type { BillingPollResult } from '../../core/index.js';
import { tollgate } from '../audit/cli-support.js';
import { csvText, CUR2, readCsv } from '../support/billing-exports.js';

const dir = mkdtempSync(join(tmpdir(), 'tollgate-billing-cli-'));
const drop = join(dir, 'drop');
const config = join(dir, 'tollgate.yaml');
const env = { TOLLGATE_HOME: dir };
afterAll(() => rmSync(dir, { recursive: true, force: true }));

mkdirSync(drop);
writeFileSync(config, `clouds:\n  sandbox: {}\nbilling:\n  pollInterval: 5m\n  sources:\n    - kind: folder\n      name: drop\n      path: ${drop}\n`);

describe('tollgate billing poll', () => {
  it('lands a dropped file with progress on stderr, then finds nothing new', async () => {
    writeFileSync(join(drop, 'march.csv'), csvText(readCsv(CUR2)));
    const first = await tollgate(['billing', 'poll', '--config', config], env);
    expect(first.code, first.stderr).toBe(0);
    expect(first.stderr).toMatch(/drop: 1 unit\(s\) listed/);
    expect(first.stderr).toMatch(/drop: new .*march\.csv \(\d+ rows\)/);
    expect(first.stdout).toMatch(/^SOURCE\s+KIND\s+UNITS\s+LANDED\s+RESTATED\s+UNCHANGED\s+FAILED\ndrop\s+folder\s+1\s+1\s+0\s+0\s+0\n$/);

    const second = await tollgate(['billing', 'poll', '--config', config, '--json'], env);
    expect(second.code, second.stderr).toBe(0);
    const result = JSON.parse(second.stdout) as BillingPollResult;
    expect(result.sources).toEqual([expect.objectContaining({ source: 'drop', landed: [], unchanged: 1, failed: [] })]);
    const audit = openAuditStore(join(dir, 'audit.sqlite'));
    try {
      expect(await audit.records({ step: 'land' })).toHaveLength(1);
    } finally {
      await audit.close();
    }
  }, 120_000);

  it('exits 1 naming the source and the file it could not land', async () => {
    writeFileSync(join(drop, 'broken.csv'), 'a,b\n1,2\n');
    const run = await tollgate(['billing', 'poll', '--config', config], env);
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/error: billing source drop, object .*broken\.csv: .*unknown layout/);
  }, 120_000);

  it('without billing sources it says what to add', async () => {
    const bare = join(dir, 'bare.yaml');
    writeFileSync(bare, 'clouds:\n  sandbox: {}\n');
    const run = await tollgate(['billing', 'poll', '--config', bare], env);
    expect(run.code).not.toBe(0);
    expect(run.stderr).toMatch(/no billing sources; add billing\.sources/);
  }, 120_000);
});
