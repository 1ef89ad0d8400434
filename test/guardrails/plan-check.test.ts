import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { CatalogEntry } from '../../core/index.js';
import { checkPlan, parseTerraformPlan, plannedVm, providerConstant, type TerraformPlan } from '../../guardrails/index.js';
import { policy } from './fixtures.js';

/** A hand-made price list with the fixture plans' sizes (USD/hour, as in the public snapshots). */
const price = (provider: CatalogEntry['provider'], region: string, sku: string, hourlyUsd: number): CatalogEntry => ({
  provider,
  region,
  sku,
  family: 'x',
  vcpu: 2,
  memoryGiB: 8,
  architecture: 'x86_64',
  gpu: 0,
  hourlyUsd,
  catalogDate: '2026-07-20',
});
const CATALOG = [
  price('aws', 'us-east-1', 't3.medium', 0.0416),
  price('aws', 'us-east-1', 'm5.large', 0.096),
  price('aws', 'us-east-1', 'm5.24xlarge', 4.608),
  price('azure', 'eastus', 'Standard_D4s_v3', 0.192),
  price('azure', 'eastus', 'Standard_D2s_v3', 0.096),
  price('gcp', 'us-central1', 'e2-standard-2', 0.06701),
  price('gcp', 'us-central1', 'n2-standard-8', 0.3885),
];
const fixture = (name: string): TerraformPlan =>
  parseTerraformPlan(JSON.parse(readFileSync(`test/fixtures/terraform/${name}.plan.json`, 'utf8')), `${name}.plan.json`);

describe('checkPlan', () => {
  it('passes a tagged plan within budget, pricing creates, updates and aliases', () => {
    const report = checkPlan(fixture('compliant'), policy(), CATALOG);
    expect(report).toEqual({
      passed: true,
      vmChanges: 3,
      resourceChanges: 3,
      totalDeltaMonthlyUsd: 9.21,
      maxMonthlyIncreaseUsd: 500,
      problems: [],
      costs: [
        { address: 'aws_instance.api', actions: 'create', beforeMonthlyUsd: 0, afterMonthlyUsd: 30.37, deltaMonthlyUsd: 30.37 },
        { address: 'azurerm_linux_virtual_machine.worker', actions: 'update', beforeMonthlyUsd: 140.16, afterMonthlyUsd: 70.08, deltaMonthlyUsd: -70.08 },
        { address: 'google_compute_instance.batch', actions: 'create', beforeMonthlyUsd: 0, afterMonthlyUsd: 48.92, deltaMonthlyUsd: 48.92 },
      ],
    });
  });
  it('fails on missing tags and labels and on the budget, ignoring other resources and no-ops', () => {
    const report = checkPlan(fixture('violations'), policy(), CATALOG);
    expect(report.passed).toBe(false);
    expect(report.vmChanges).toBe(3);
    expect(report.totalDeltaMonthlyUsd).toBe(3577.37);
    expect(report.problems).toEqual([
      { address: 'aws_instance.etl', rule: 'required-tags', severity: 'error', message: 'missing required tags: owner (tags.required)' },
      { address: 'google_compute_instance.render[0]', rule: 'required-tags', severity: 'error', message: 'missing required labels: team (tags.required)' },
      {
        address: '(plan)',
        rule: 'budget',
        severity: 'error',
        message: 'the plan adds $3577.37/month, over the $500/month limit (planCheck.maxMonthlyIncreaseUsd)',
      },
    ]);
    expect(report.costs.find((c) => c.address === 'aws_instance.old')).toEqual({
      address: 'aws_instance.old',
      actions: 'delete',
      beforeMonthlyUsd: 70.08,
      afterMonthlyUsd: 0,
      deltaMonthlyUsd: -70.08,
    });
  });
  it('passes a plan exactly at the budget and fails a cent over', () => {
    const plan = fixture('compliant');
    expect(checkPlan(plan, policy({ planCheck: { maxMonthlyIncreaseUsd: 9.21 } }), CATALOG).passed).toBe(true);
    expect(checkPlan(plan, policy({ planCheck: { maxMonthlyIncreaseUsd: 9.2 } }), CATALOG).passed).toBe(false);
  });
  it('follows the policy’s required tags', () => {
    const report = checkPlan(fixture('compliant'), policy({ tags: { required: ['cost-center'] } }), CATALOG);
    expect(report.problems.map((p) => p.address)).toEqual(['aws_instance.api', 'azurerm_linux_virtual_machine.worker', 'google_compute_instance.batch']);
    expect(report.problems[0]!.message).toBe('missing required tags: cost-center (tags.required)');
    const two = checkPlan(fixture('compliant'), policy({ tags: { required: ['cost-center', 'budget'] } }), CATALOG);
    expect(two.problems[0]!.message).toBe('missing required tags: cost-center, budget (tags.required)');
  });
  it('warns on an unpriced machine type by default and fails with unpriced: error', () => {
    const warned = checkPlan(fixture('unpriced'), policy(), CATALOG);
    expect(warned.passed).toBe(true);
    expect(warned.problems).toEqual([
      {
        address: 'google_compute_instance.custom',
        rule: 'unpriced',
        severity: 'warning',
        message: 'no gcp list price for n2-custom-4-16384 in europe-west1: counted as $0 (planCheck.unpriced: warning)',
      },
    ]);
    expect(checkPlan(fixture('unpriced'), policy({ planCheck: { unpriced: 'error' } }), CATALOG).passed).toBe(false);
  });
  it('ignores reads and no-ops', () => {
    const vm = { instance_type: 'm5.large', tags: {} };
    const plan = parseTerraformPlan(
      {
        resource_changes: [
          { address: 'data.aws_instance.x', type: 'aws_instance', change: { actions: ['read'], before: null, after: vm } },
          { address: 'aws_instance.y', type: 'aws_instance', change: { actions: ['no-op'], before: vm, after: vm } },
        ],
      },
      'inline',
    );
    expect(checkPlan(plan, policy(), CATALOG)).toMatchObject({ passed: true, vmChanges: 0, costs: [], problems: [], totalDeltaMonthlyUsd: 0 });
  });
  it('passes with warnings only and fails with any error', () => {
    const plan = fixture('unpriced');
    expect(checkPlan(plan, policy({ tags: { required: [] } }), CATALOG).passed).toBe(true);
    expect(checkPlan(plan, policy({ tags: { required: ['cost-center'] } }), CATALOG).passed).toBe(false);
  });
  it('prices a size only from the same provider and region', () => {
    const elsewhere = [price('aws', 'eu-west-1', 't3.medium', 0.0456), price('azure', 'us-east-1', 't3.medium', 1)];
    const plan = parseTerraformPlan(
      {
        resource_changes: [
          { address: 'aws_instance.a', type: 'aws_instance', change: { actions: ['create'], after: { instance_type: 't3.medium', tags: {} } } },
        ],
      },
      'inline',
    );
    const report = checkPlan(plan, policy({ tags: { required: [] } }), elsewhere);
    expect(report.problems.map((p) => p.rule)).toEqual(['unpriced']);
    expect(checkPlan(plan, policy({ tags: { required: [] } }), [...elsewhere, ...CATALOG]).totalDeltaMonthlyUsd).toBe(30.37);
  });
  it('prices a replacement as after minus before', () => {
    const plan = parseTerraformPlan(
      {
        resource_changes: [
          {
            address: 'aws_instance.r',
            type: 'aws_instance',
            change: {
              actions: ['delete', 'create'],
              before: { instance_type: 'm5.large', tags: { team: 'a', env: 'b', owner: 'c' } },
              after: { instance_type: 't3.medium', tags: { team: 'a', env: 'b', owner: 'c' } },
            },
          },
        ],
      },
      'inline',
    );
    expect(checkPlan(plan, policy(), CATALOG).costs[0]).toMatchObject({
      actions: 'delete+create',
      beforeMonthlyUsd: 70.08,
      afterMonthlyUsd: 30.37,
      deltaMonthlyUsd: -39.71,
    });
  });
});

describe('reading a plan', () => {
  it('refuses a document that is not a plan, naming the field', () => {
    expect(() => parseTerraformPlan({ resource_changes: [{ address: 'x' }] }, 'bad.json')).toThrow(
      /^bad\.json: not a Terraform plan in JSON\n {2}resource_changes\.0\.type: .*\n[^]*terraform show -json PLANFILE/,
    );
    expect(() => parseTerraformPlan([], 'list.json')).toThrow('list.json: not a Terraform plan in JSON\n  (top level)');
    expect(() => parseTerraformPlan({ resource_changes: [{ type: 't' }] }, 'two.json')).toThrow(
      /resource_changes\.0\.address: [^\n]*\n {2}resource_changes\.0\.change: /,
    );
  });
  it('refuses a change without actions and fills absent sides with null', () => {
    expect(() => parseTerraformPlan({ resource_changes: [{ address: 'a', type: 't', change: { actions: [] } }] }, 'p')).toThrow(
      'resource_changes.0.change.actions',
    );
    const plan = parseTerraformPlan({ resource_changes: [{ address: 'a', type: 't', change: { actions: ['create'] } }] }, 'p');
    expect(plan.resource_changes[0]!.change).toEqual({ actions: ['create'], before: null, after: null });
  });
  it('reads only constant string provider arguments', () => {
    const withRegion = (region: unknown) => parseTerraformPlan({ configuration: { provider_config: { aws: { expressions: { region } } } } }, 'p');
    expect(providerConstant(withRegion(null), 'aws', 'region')).toBeUndefined();
    expect(providerConstant(withRegion('eu-west-1'), 'aws', 'region')).toBeUndefined();
    expect(providerConstant(withRegion({ constant_value: 3 }), 'aws', 'region')).toBeUndefined();
    expect(providerConstant(withRegion({ references: ['var.region'] }), 'aws', 'region')).toBeUndefined();
    expect(providerConstant(parseTerraformPlan({ configuration: {} }, 'p'), 'aws', 'region')).toBeUndefined();
    expect(providerConstant(parseTerraformPlan({ configuration: { provider_config: { aws: {} } } }, 'p'), 'aws', 'region')).toBeUndefined();
    expect(providerConstant(parseTerraformPlan({ configuration: { provider_config: { google: { expressions: {} } } } }, 'p'), 'aws', 'region')).toBeUndefined();
  });
  it('reads the AWS region from the provider block, defaulting to us-east-1', () => {
    const plan = parseTerraformPlan({ configuration: { provider_config: { aws: { expressions: { region: { constant_value: 'eu-west-1' } } } } } }, 'p');
    expect(providerConstant(plan, 'aws', 'region')).toBe('eu-west-1');
    expect(providerConstant(plan, 'aws', 'profile')).toBeUndefined();
    expect(plannedVm('aws_instance', { instance_type: 'm5.large' }, plan)).toEqual({ provider: 'aws', sku: 'm5.large', region: 'eu-west-1', tags: {} });
    expect(plannedVm('aws_instance', { instance_type: 'm5.large' }, parseTerraformPlan({}, 'p'))?.region).toBe('us-east-1');
  });
  it('merges tags_all under tags, keeps only string values, and normalizes Azure locations and GCE zones', () => {
    const plan = parseTerraformPlan({}, 'p');
    expect(plannedVm('aws_instance', { instance_type: 't3.medium', tags_all: { team: 'x', n: 1 }, tags: { env: 'y' } }, plan)?.tags).toEqual({
      team: 'x',
      env: 'y',
    });
    expect(plannedVm('azurerm_linux_virtual_machine', { size: 'Standard_D2s_v3', location: 'West Europe', tags: null }, plan)).toEqual({
      provider: 'azure',
      sku: 'Standard_D2s_v3',
      region: 'westeurope',
      tags: {},
    });
    expect(
      plannedVm('google_compute_instance', { machine_type: 'projects/p/zones/europe-west1-b/machineTypes/n2-standard-8', zone: 'europe-west1-b' }, plan),
    ).toMatchObject({
      sku: 'n2-standard-8',
      region: 'europe-west1',
    });
  });
  it('skips other types, unknown sizes and missing sides', () => {
    const plan = parseTerraformPlan({}, 'p');
    expect(plannedVm('aws_s3_bucket', { bucket: 'b' }, plan)).toBeUndefined();
    expect(plannedVm('aws_instance', null, plan)).toBeUndefined();
    expect(plannedVm('aws_instance', { instance_type: '' }, plan)).toBeUndefined();
    expect(plannedVm('aws_instance', { instance_type: 5 }, plan)).toBeUndefined();
    expect(plannedVm('azurerm_linux_virtual_machine', { size: 'Standard_D2s_v3' }, plan)).toBeUndefined();
    expect(plannedVm('google_compute_instance', { machine_type: 'e2-standard-2', zone: 7 }, plan)).toBeUndefined();
    expect(plannedVm('google_compute_instance', { machine_type: 5, zone: 'us-central1-a' }, plan)).toBeUndefined();
    expect(plannedVm('azurerm_linux_virtual_machine', { size: 'Standard_D2s_v3', location: 'West  US 2' }, plan)?.region).toBe('westus2');
    expect(plannedVm('google_compute_instance', { machine_type: 'e2-standard-2', zone: 'us-central1-c' }, plan)?.region).toBe('us-central1');
  });
});

describe('resources beyond VMs', () => {
  it('applies the tag rules to every resource that carries tags and lists volumes and databases as unpriced', () => {
    const report = checkPlan(fixture('resources'), policy(), CATALOG);
    expect(report.resourceChanges).toBe(6);
    expect(report.vmChanges).toBe(0);
    expect(report.problems.map((p) => [p.address, p.rule, p.severity])).toEqual([
      ['aws_ebs_volume.data', 'required-tags', 'error'],
      ['aws_ebs_volume.data', 'unpriced', 'warning'],
      ['aws_db_instance.orders', 'unpriced', 'warning'],
      ['aws_s3_bucket.exports', 'required-tags', 'error'],
      ['google_compute_disk.scratch', 'conflicting-tags', 'error'],
      ['google_compute_disk.scratch', 'unpriced', 'warning'],
    ]);
    expect(report.problems[0]!.message).toBe('missing required tags: owner (tags.required)');
    expect(report.problems[3]!.message).toBe('missing required tags: team, env, owner (tags.required)');
    expect(report.problems[4]!.message).toMatch(/^conflicting labels for env: /);
    expect(report.problems[2]!.message).toMatch(/aws_db_instance \(a database\)/);
    expect(report.costs.map((c) => [c.address, c.deltaMonthlyUsd])).toEqual([
      ['aws_ebs_volume.data', 0],
      ['aws_db_instance.orders', 0],
      ['google_compute_disk.scratch', 0],
    ]);
  });

  it('fails an unpriced volume when the policy says unpriced: error', () => {
    const report = checkPlan(fixture('resources'), policy({ planCheck: { maxMonthlyIncreaseUsd: 500, unpriced: 'error' } }), CATALOG);
    expect(report.problems.filter((p) => p.rule === 'unpriced').every((p) => p.severity === 'error')).toBe(true);
  });
});
