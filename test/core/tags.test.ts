import { describe, expect, it } from 'vitest';
import { describeVariants, normalizedKeysOf, readTags, readTagVariants, type TagRules } from '../../core/index.js';

const RULES: TagRules = {
  aliases: { env: ['Environment', 'stage'], team: ['owner-team'] },
  excludeKey: 'tollgate:exclude',
  envKey: 'env',
  productionValues: ['prod', 'production'],
};

describe('readTags', () => {
  it('keeps every variant of a key: case, spacing and aliases land on one normalized key', () => {
    const tags = readTags({ Env: 'dev', ' env ': ' qa ', Environment: 'Production', stage: 'dev', Name: 'api' }, RULES);
    expect(tags.variants('env')).toEqual([
      { key: ' env ', value: 'qa' },
      { key: 'Env', value: 'dev' },
      { key: 'Environment', value: 'Production' },
      { key: 'stage', value: 'dev' },
    ]);
    expect(tags.values('ENV')).toEqual(['dev', 'Production', 'qa']);
    expect(tags.agreed('env')).toEqual({ kind: 'conflict', values: ['dev', 'Production', 'qa'] });
    expect(tags.agreed('name')).toEqual({ kind: 'one', value: 'api' });
    expect(tags.agreed('owner')).toEqual({ kind: 'absent' });
  });

  it('reads the two reported tag sets the safe way', () => {
    expect(readTags({ 'TOLLGATE:EXCLUDE': 'false', Name: 'web', 'tollgate:exclude': 'true' }, RULES).isExcluded).toBe(true);
    expect(readTags({ Env: 'dev', Name: 'web', env: 'prod' }, RULES).isProduction).toBe(true);
  });

  it('excludes on any value but an explicit no, and only those leave a resource alone', () => {
    const excluded = (value: string) => readTags({ 'tollgate:exclude': value }, RULES).isExcluded;
    for (const value of ['true', ' TRUE ', 'yes', '1', '', 'please']) expect(excluded(value), JSON.stringify(value)).toBe(true);
    for (const value of ['false', ' False ', 'no', 'OFF', '0']) expect(excluded(value), JSON.stringify(value)).toBe(false);
    expect(readTags({}, RULES).isExcluded).toBe(false);
    expect(readTags(undefined, RULES).isExcluded).toBe(false);
  });

  it('compares the policy’s own values trimmed and in any case too', () => {
    expect(readTags({ env: 'prod' }, { ...RULES, productionValues: [' PROD '] }).isProduction).toBe(true);
  });

  it('agrees when variants differ only in case and spacing, and lists real conflicts', () => {
    expect(readTags({ team: 'web', Team: ' WEB ' }, RULES).conflicts).toEqual([]);
    expect(readTags({ team: 'web', Team: ' WEB ' }, RULES).teams).toEqual(['WEB']);
    const tags = readTags({ owner: 'alice', Owner: 'bob', team: 'web', 'owner-team': 'data' }, RULES);
    expect(tags.owners).toEqual(['alice', 'bob']);
    expect(tags.teams).toEqual(['data', 'web']);
    expect(tags.conflicts.map((c) => c.key)).toEqual(['owner', 'team']);
    expect(describeVariants(tags.conflicts[0]!.variants)).toBe('Owner=bob, owner=alice');
  });

  it('lists conflicts by normalized key, ignores empty values among values, and reads a missing value as empty', () => {
    // `Zeta` sorts before `alpha` as spelled, after it once normalized.
    const tags = readTags({ Zeta: '1', zeta: '2', alpha: 'p', 'alpha ': 'q', team: '', Team: 'web' }, RULES);
    expect(tags.conflicts.map((c) => c.key)).toEqual(['alpha', 'team', 'zeta']);
    expect(tags.values('team')).toEqual(['web']);
    expect(tags.has('team')).toBe(true);
    expect(readTags({ team: ' ' }, RULES).has('team')).toBe(false);
    // A key with no value at all (a tool wrote null): present, empty, so it excludes.
    const nulled = readTags({ 'tollgate:exclude': null as unknown as string }, RULES);
    expect(nulled.variants('tollgate:exclude')).toEqual([{ key: 'tollgate:exclude', value: '' }]);
    expect(nulled.isExcluded).toBe(true);
  });

  it('lets a source key stand for every key that lists it as an alias', () => {
    expect(normalizedKeysOf(' Owner-Team ', { team: ['owner-team'], Owner: ['OWNER-TEAM'] })).toEqual(['owner', 'owner-team', 'team']);
    expect(readTagVariants({ 'Owner-Team': 'web' }, { team: ['owner-team'] }).values('team')).toEqual(['web']);
  });

  it('shows keys with surrounding spaces quoted, so two spellings never read alike', () => {
    expect(
      describeVariants([
        { key: ' env', value: 'prod' },
        { key: 'env', value: 'dev' },
      ]),
    ).toBe('" env"=prod, env=dev');
  });
});
