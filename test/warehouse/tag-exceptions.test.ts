import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PolicySchema } from '../../guardrails/policy.js';
import { openWarehouse, tagAudit, type Warehouse } from '../../warehouse/index.js';

/** ResourceId, SubAccountId, ServiceName, EffectiveCost, tags */
const LINES: [string, string, string, number, Record<string, string>][] = [
  ['i-payments', 'acct-prod', 'Amazon EC2', 60, { team: 'payments', env: 'prod' }],
  ['i-sandbox', 'acct-sandbox', 'Amazon EC2', 30, { team: 'search' }],
  ['bucket-logs', 'acct-prod', 'Amazon S3', 10, { env: 'prod' }],
];

const policyWith = (exceptions: unknown[]) => PolicySchema.parse({ tags: { required: ['team', 'env'], exceptions } }).tags;
const sandboxEnv = { key: 'env', scope: { subAccount: 'acct-sandbox' }, reason: 'sandbox account, torn down weekly', expires: '2026-03-01' };
const logsTeam = { key: 'Team', scope: { service: 'Amazon S3' }, reason: 'platform-owned log buckets', expires: '2026-06-01' };

describe('tag exception registry', () => {
  let db: Warehouse;
  beforeAll(async () => {
    db = await openWarehouse(':memory:');
    for (const [i, [resource, account, service, cost, tags]] of LINES.entries()) {
      await db.connection.run(
        `INSERT INTO focus_rows (ResourceId, SubAccountId, ServiceName, ChargeCategory, EffectiveCost, x_tags, x_source_file, x_source_row, x_source_part, x_ingest_id, x_format)
         VALUES ($1, $2, $3, 'Usage', $4, $5, 'exceptions.csv', $6, 0, 'ing_test', 'focus')`,
        [resource, account, service, cost, JSON.stringify(tags), i + 1],
      );
    }
  });
  afterAll(() => db.close());

  it('counts an active exception as carrying the key, for its scope only, and reports it', async () => {
    const without = await tagAudit(db, policyWith([]), 10, '2026-02-15T12:00:00Z');
    const audit = await tagAudit(db, policyWith([sandboxEnv, logsTeam]), 10, '2026-02-15T12:00:00Z');
    expect(without.keys.map((k) => [k.key, k.costShare])).toEqual([
      ['team', 0.9],
      ['env', 0.7],
    ]);
    // The key is matched through the same normalization as tags (Team → team).
    expect(audit.keys.map((k) => [k.key, k.costShare])).toEqual([
      ['team', 1],
      ['env', 1],
    ]);
    expect(audit.compliant.costShare).toBe(1);
    expect(audit.topUntagged).toEqual([]);
    expect(audit.exceptions.map((e) => [e.key, e.status, e.cost, e.resources])).toEqual([
      ['env', 'active', 30, 1],
      ['Team', 'active', 10, 1],
    ]);
  });

  it('stops honouring an exception at its expiry date and reports it as expired', async () => {
    const audit = await tagAudit(db, policyWith([sandboxEnv]), 10, '2026-03-01T00:00:00Z');
    expect(audit.keys.find((k) => k.key === 'env')?.costShare).toBeCloseTo(0.7, 12);
    expect(audit.exceptions.map((e) => [e.key, e.status])).toEqual([['env', 'expired']]);
    expect(audit.topUntagged.map((u) => [u.resourceId, u.missing])).toEqual([
      ['i-sandbox', ['env']],
      ['bucket-logs', ['team']],
    ]);
  });

  it('refuses to judge expiry without a clock', async () => {
    await expect(tagAudit(db, policyWith([sandboxEnv]))).rejects.toThrow(/needs the current time/);
  });

  it('refuses exceptions without a reason, a single scope or a date', () => {
    expect(() => policyWith([{ ...sandboxEnv, reason: ' ' }])).toThrow(/why/);
    expect(() => policyWith([{ ...sandboxEnv, scope: { subAccount: 'a', service: 'b' } }])).toThrow(/exactly one/);
    expect(() => policyWith([{ ...sandboxEnv, expires: 'next March' }])).toThrow(/YYYY-MM-DD/);
  });
});
