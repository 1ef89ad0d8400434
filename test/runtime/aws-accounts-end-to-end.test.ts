import type { ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openAuditStore } from '../../audit/index.js';
import { startDevServer, type DevServerEnvironment } from '../../evals/harness/dev-server.js';
import { waitForState } from '../../evals/harness/wait-for-state.js';
import { decideSigned } from '../support/approver-keys.js';
import { startMotoServer, type MotoServer } from '../support/moto-server.js';
import { startPriceListServer, type PriceListServer } from '../support/price-list-server.js';
import { motoAccount } from '../support/moto-estate.js';
import { startStsServer, type StsServer } from '../support/sts-server.js';
import { failureOf, runTollgate, startWorkerProcesses, stopWorkerProcesses, temporalAddress, writeResizePolicy } from '../support/tollgate-processes.js';

const OWN = '123456789012'; // moto's default account: the workers' own credentials
const ASSUMED = '111111111111'; // reached only by assuming a role
const READ_ONLY = '222222222222';
const EXCLUDED = '333333333333';
const NO_CREDENTIALS = '444444444444';
const DENIED = '555555555555'; // its role's trust policy does not allow the workers (loopback STS)
const OTHER_PARTITION = '666666666666'; // a role ARN in aws-cn for a us-east-1 scope
const WORKER = 'arn:aws:iam::123456789012:user/tollgate-worker';
const role = (account: string, name: string) => `arn:aws:iam::${account}:role/${name}`;

/**
 * Real processes throughout: moto (EC2, CloudWatch, STS, Organizations), the Temporal dev server,
 * both workers as `tollgate worker --config`, and `tollgate run`. Approvals are signed; changes go
 * through the real AWS SDK with DryRun first; verification reads the instance back.
 */
describe('tollgate.yaml with several AWS accounts and regions, as processes', () => {
  let moto: MotoServer;
  let temporal: DevServerEnvironment;
  let prices: PriceListServer;
  let sts: StsServer;
  let workers: ChildProcess[] = [];
  const home = mkdtempSync(join(tmpdir(), 'tollgate-aws-e2e-'));
  const ids: Record<string, string> = {};
  let env: NodeJS.ProcessEnv;

  beforeAll(async () => {
    [moto, temporal, prices, sts] = await Promise.all([startMotoServer(), startDevServer(), startPriceListServer(), startStsServer()]);
    // moto lets anyone assume any role; this account's STS is the loopback one, which enforces the
    // trust policy: it trusts another principal and wants an external id the config does not send.
    sts.principals.set('testing', { arn: WORKER, account: OWN });
    sts.roles.set(role(DENIED, 'TollgateAnalysis'), { trusted: ['arn:aws:iam::123456789012:role/SomeoneElse'], externalId: 'expected' });
    sts.roles.set(role(DENIED, 'TollgateActions'), { trusted: ['arn:aws:iam::123456789012:role/SomeoneElse'], externalId: 'expected' });
    // eu-west-1 is not in the bundled catalog: its prices come from the (loopback) Price List API.
    // ap-southeast-2 has none there either, so that scope is skipped at start.
    for (const [type, usd] of [
      ['m5.2xlarge', '0.4280000000'],
      ['m5.xlarge', '0.2140000000'],
      ['m5.large', '0.1070000000'],
    ] as const) {
      prices.products.push({
        attributes: {
          regionCode: 'eu-west-1',
          instanceType: type,
          operatingSystem: 'Linux',
          tenancy: 'Shared',
          preInstalledSw: 'NA',
          capacitystatus: 'Used',
          licenseModel: 'No License required',
        },
        usdPerHour: usd,
        publicationDate: '2026-08-01T00:00:00Z',
      });
    }
    const end = new Date(Math.floor(Date.now() / 3_600_000) * 3_600_000);
    const seed = async (key: string, account: ReturnType<typeof motoAccount>, tags: Record<string, string> = {}) => {
      ids[key] = await account.launch('m5.2xlarge', key, tags);
      await account.publishMetrics(ids[key], end, 48, 2);
    };
    await seed('own', motoAccount(moto.endpoint, 'us-east-1'));
    await seed('assumed', motoAccount(moto.endpoint, 'us-east-1', role(ASSUMED, 'TollgateAnalysis')));
    await seed('readOnly', motoAccount(moto.endpoint, 'us-east-1', role(READ_ONLY, 'TollgateAnalysis')));
    await seed('excluded', motoAccount(moto.endpoint, 'us-east-1', role(EXCLUDED, 'TollgateAnalysis')));
    await seed('ownEu', motoAccount(moto.endpoint, 'eu-west-1'));

    const config = join(home, 'tollgate.yaml');
    writeFileSync(
      config,
      [
        'clouds:',
        '  aws:',
        `    endpoint: ${moto.endpoint}`,
        '    regions: [us-east-1, eu-west-1, ap-southeast-2]',
        `    priceList: { endpoint: ${prices.endpoint} }`,
        '    accounts:',
        `      - { id: "${OWN}", name: own }`,
        `      - id: "${ASSUMED}"`,
        `        analysis: { roleArn: "${role(ASSUMED, 'TollgateAnalysis')}", externalId: tollgate-test }`,
        `        actions: { roleArn: "${role(ASSUMED, 'TollgateActions')}", externalId: tollgate-test }`,
        `        regions: [us-east-1]`,
        `      - { id: "${READ_ONLY}", access: read-only, regions: [us-east-1], analysis: { roleArn: "${role(READ_ONLY, 'TollgateAnalysis')}" } }`,
        `      - { id: "${EXCLUDED}", access: excluded, analysis: { roleArn: "${role(EXCLUDED, 'TollgateAnalysis')}" } }`,
        `      - { id: "${NO_CREDENTIALS}", regions: [us-east-1], analysis: { profile: no-such-profile }, actions: { profile: no-such-profile } }`,
        `      - id: "${DENIED}"`,
        `        name: denied`,
        `        regions: [us-east-1]`,
        `        analysis: { roleArn: "${role(DENIED, 'TollgateAnalysis')}", externalId: wrong, stsEndpoint: ${sts.endpoint} }`,
        `        actions: { roleArn: "${role(DENIED, 'TollgateActions')}", externalId: wrong, stsEndpoint: ${sts.endpoint} }`,
        `      - { id: "${OTHER_PARTITION}", regions: [us-east-1], analysis: { roleArn: "arn:aws-cn:iam::${OTHER_PARTITION}:role/TollgateAnalysis" } }`,
      ].join('\n'),
    );
    const policy = writeResizePolicy(home);
    env = {
      PATH: process.env.PATH,
      HOME: home,
      TOLLGATE_HOME: home,
      TOLLGATE_CONFIG: config,
      TOLLGATE_POLICY: policy,
      TEMPORAL_ADDRESS: temporalAddress(temporal),
      AWS_ACCESS_KEY_ID: 'testing',
      AWS_SECRET_ACCESS_KEY: 'testing',
      AWS_CONFIG_FILE: join(home, 'aws-config'),
      AWS_SHARED_CREDENTIALS_FILE: join(home, 'aws-credentials'),
      AWS_EC2_METADATA_DISABLED: 'true',
      TOLLGATE_LOG_LEVEL: 'info',
    };
    writeFileSync(join(home, 'aws-config'), '');
    workers = await startWorkerProcesses(env, home);
  }, 400_000);

  afterAll(async () => {
    stopWorkerProcesses(workers);
    await Promise.allSettled([moto?.stop(), temporal?.teardown(), prices?.stop(), sts?.stop()]);
  });

  it('finds, approves and resizes in the writable accounts only, and says which scopes it skipped', async () => {
    const result = await runTollgate(env, ['--verify-window', '2s']);

    // Scopes: both regions of the own account, the assumed one, the read-only one; the excluded one never opened.
    const scanned = result.scopes.scanned.map((s) => s.label);
    expect(scanned).toContain(`aws account ${OWN} (own) us-east-1`);
    expect(scanned).toContain(`aws account ${ASSUMED} us-east-1`);
    expect(result.scopes.scanned.find((s) => s.label === `aws account ${READ_ONLY} us-east-1`)?.access).toBe('read-only');
    expect([...scanned, ...result.scopes.skipped.map((s) => s.label)].some((l) => l.includes(EXCLUDED))).toBe(false);
    const skipped = Object.fromEntries(result.scopes.skipped.map((s) => [s.label, s.reason]));
    expect(skipped[`aws account ${NO_CREDENTIALS} us-east-1`]).toMatch(/no AWS credentials .*no-such-profile.*AWS_PROFILE/);
    expect(scanned).toContain(`aws account ${OWN} (own) eu-west-1`);
    expect(skipped[`aws account ${OWN} (own) ap-southeast-2`]).toMatch(/no list prices for region ap-southeast-2/);
    expect(prices.calls()).toBeGreaterThan(0);
    // The role STS refused: named, with the caller, the trust policy and the external id.
    expect(skipped[`aws account ${DENIED} (denied) us-east-1`]).toMatch(
      new RegExp(
        `STS refused to let ${WORKER} assume arn:aws:iam::${DENIED}:role/TollgateAnalysis \\(AccessDenied\\): .*trust policy must allow .*sts:ExternalId`,
      ),
    );
    expect(skipped[`aws account ${OTHER_PARTITION} us-east-1`]).toMatch(/roleArn arn:aws-cn:.* is in the aws-cn partition, but region us-east-1 is in aws/);
    // Both workers asked STS (AssumeRole, each its own role), and were refused before reading anything.
    expect(new Set(sts.actions)).toEqual(new Set(['AssumeRole']));
    // Each worker said so on stderr at start, too.
    for (const queue of ['analysis', 'actions']) {
      expect(readFileSync(join(home, `worker-${queue}.log`), 'utf8')).toMatch(
        new RegExp(`"scope":"aws account ${DENIED} \\(denied\\) us-east-1","reason":"STS refused`),
      );
    }

    // Findings: every readable instance with metrics, none in the excluded account.
    const byResource = new Map(result.started.map((s) => [s.resourceId, s.workflowId]));
    expect(byResource.has(ids.own!)).toBe(true);
    expect(byResource.has(ids.assumed!)).toBe(true);
    expect(byResource.has(ids.readOnly!)).toBe(true);
    expect(byResource.has(ids.excluded!)).toBe(false);
    expect(byResource.has(ids.ownEu!)).toBe(true);

    // The audit log says the same.
    const audit = openAuditStore(join(home, 'audit.sqlite'));
    const detect = (await audit.records({ workflowId: result.runId, step: 'detect' }))[0]!;
    expect(detect.output).toMatchObject({ kind: 'scopes' });
    expect(detect.outcome).toMatch(/skipped: .*444444444444/);
    const recorded = (detect.output as { skipped: { label: string; reason: string }[] }).skipped;
    expect(recorded.find((s) => s.label === `aws account ${DENIED} (denied) us-east-1`)?.reason).toMatch(/\(AccessDenied\): .*trust policy/);
    await audit.close();

    // Approve the writable ones: each is resized through the real SDK and read back.
    for (const key of ['own', 'assumed'] as const) {
      const handle = temporal.client.workflow.getHandle(byResource.get(ids[key]!)!);
      const pending = await waitForState(handle, ['AwaitingApproval', 'Blocked', 'Aborted'], 240_000, 500);
      expect(pending.state, `${key}: ${JSON.stringify(pending)}`).toBe('AwaitingApproval');
      expect(pending.plan?.validatedBy).toMatch(/DryRun=true/);
      await decideSigned(handle, { proposalHash: pending.proposalHash!, decision: 'approve', approver: 'approver@example.com', reason: 'end to end' });
      const done = await waitForState(handle, ['Executed', 'Aborted', 'RolledBack', 'RollbackFailed'], 300_000, 500);
      expect(done.state).toBe('Executed');
    }
    const region = 'us-east-1';
    expect(await motoAccount(moto.endpoint, region).typeOf(ids.own!)).not.toBe('m5.2xlarge');
    expect(await motoAccount(moto.endpoint, region, role(ASSUMED, 'TollgateActions')).typeOf(ids.assumed!)).not.toBe('m5.2xlarge');

    // The read-only account's finding never gets as far as a change: its dry-run is refused, naming the scope.
    {
      const handle = temporal.client.workflow.getHandle(byResource.get(ids.readOnly!)!);
      expect(await failureOf(handle)).toMatch(/read-only in the deployment config/);
    }
    expect(await motoAccount(moto.endpoint, region, role(READ_ONLY, 'TollgateAnalysis')).typeOf(ids.readOnly!)).toBe('m5.2xlarge');
    expect(await motoAccount(moto.endpoint, region, role(EXCLUDED, 'TollgateAnalysis')).typeOf(ids.excluded!)).toBe('m5.2xlarge');
  }, 900_000);
});
