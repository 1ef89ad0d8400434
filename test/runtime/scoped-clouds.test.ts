import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Action } from '../../core/index.js';
import { openClouds } from '../../runtime/clouds/open-clouds.js';
import { runtimeConfig } from '../../runtime/config.js';
import { loadDeploymentConfig } from '../../runtime/load-deployment-config.js';
import { startArmServer, vmResourceId, type ArmServer } from '../support/arm-server.js';
import { seriesSkus, startBillingCatalogServer, type BillingCatalogServer } from '../support/billing-catalog-server.js';
import { ticketFor } from '../support/cloud-tickets.js';
import { startGceServer, type GceServer } from '../support/gce-server.js';
import { freePort } from '../../runtime/free-port.js';
import { startRetailPricesServer, type RetailPricesServer } from '../support/retail-prices-server.js';

const SUB_RW = '11111111-0000-0000-0000-000000000001';
const SUB_RO = '11111111-0000-0000-0000-000000000002';
const SUB_EXCLUDED = '11111111-0000-0000-0000-000000000003';
const SUB_NORTH = '11111111-0000-0000-0000-000000000004';
const SUB_DENIED = '11111111-0000-0000-0000-000000000005';
const dir = mkdtempSync(join(tmpdir(), 'tollgate-scopes-'));
let arm: ArmServer;
let gce: GceServer;
let retail: RetailPricesServer;
let billing: BillingCatalogServer;

function configFile(name: string, lines: string[]): ReturnType<typeof loadDeploymentConfig> {
  const path = join(dir, name);
  writeFileSync(path, lines.join('\n'));
  return loadDeploymentConfig(path);
}

/** The loopback ARM and GCE servers (test/support) speak the REST operations the real SDKs call. */
describe('one provider over several subscriptions and projects', () => {
  const env = () => ({
    ...process.env,
    TOLLGATE_HOME: dir,
    TOLLGATE_AZURE_STATIC_TOKEN: arm.token,
    TOLLGATE_GCP_STATIC_TOKEN: gce.token,
    TOLLGATE_AZURE_POLL_MS: '10',
  });

  beforeAll(async () => {
    [arm, gce, retail] = await Promise.all([startArmServer(), startGceServer(), startRetailPricesServer()]);
    billing = await startBillingCatalogServer({ token: gce.token });
    billing.skus.push(...seriesSkus('N2', ['europe-west1'], 0.034773, 0.004661, '2026-06-20T00:00:00Z'));
    gce.addInstance({ project: 'acme-europe', zone: 'europe-west1-b', name: 'vm-eu', machineType: 'n2-standard-4', status: 'RUNNING' });
    arm.addVm({
      subscriptionId: SUB_NORTH,
      resourceGroup: 'rg',
      name: 'web-north',
      location: 'northeurope',
      vmSize: 'Standard_D4s_v3',
      power: 'running',
      inPlaceSizes: ['Standard_D2s_v3', 'Standard_D4s_v3'],
    });
    for (const [sku, usd] of [
      ['Standard_D2s_v3', 0.107],
      ['Standard_D4s_v3', 0.214],
    ] as const) {
      retail.items.push({
        armRegionName: 'northeurope',
        armSkuName: sku,
        retailPrice: usd,
        productName: 'Virtual Machines DSv3 Series',
        skuName: sku.slice(9).replace('_', ' '),
        meterName: sku.slice(9).replace('_', ' '),
        effectiveStartDate: '2026-06-01T00:00:00Z',
      });
    }
    arm.sizes.eastus = [
      { name: 'Standard_D2s_v3', numberOfCores: 2, memoryInMB: 8192 },
      { name: 'Standard_D4s_v3', numberOfCores: 4, memoryInMB: 16384 },
    ];
    for (const [sub, name] of [
      [SUB_RW, 'web-rw'],
      [SUB_RO, 'web-ro'],
      [SUB_EXCLUDED, 'web-excluded'],
    ] as const) {
      arm.addVm({
        subscriptionId: sub,
        resourceGroup: 'rg',
        name,
        location: 'eastus',
        vmSize: 'Standard_D4s_v3',
        power: 'running',
        inPlaceSizes: ['Standard_D2s_v3', 'Standard_D4s_v3'],
      });
    }
    for (const t of ['n2-standard-2', 'n2-standard-4']) gce.machineTypes.add(t);
    gce.addInstance({ project: 'acme-one', zone: 'us-central1-a', name: 'vm-one', machineType: 'n2-standard-4', status: 'RUNNING' });
    gce.addInstance({ project: 'acme-two', zone: 'us-central1-a', name: 'vm-two', machineType: 'n2-standard-4', status: 'RUNNING' });
    gce.addInstance({ project: 'acme-two', zone: 'europe-west1-b', name: 'vm-two-eu', machineType: 'n2-standard-4', status: 'RUNNING' });
    gce.addInstance({ project: 'acme-three', zone: 'us-central1-a', name: 'vm-three', machineType: 'n2-standard-4', status: 'RUNNING' });
    writeFileSync(join(dir, 'arm-ca.pem'), arm.ca);
  });
  afterAll(async () => {
    await Promise.allSettled([arm?.stop(), gce?.stop(), retail?.stop(), billing?.stop()]);
  });

  it('reads the read-write and read-only scopes, never the excluded one, and refuses changes in the read-only one', async () => {
    const deployment = configFile('clouds.yaml', [
      'clouds:',
      '  azure:',
      `    endpoint: ${arm.endpoint}`,
      `    tlsCaFile: ${join(dir, 'arm-ca.pem')}`,
      '    staticToken: true',
      '    subscriptions:',
      `      - { id: ${SUB_RW}, name: prod }`,
      `      - { id: ${SUB_RO}, access: read-only }`,
      `      - { id: ${SUB_EXCLUDED}, access: excluded }`,
      '  gcp:',
      `    endpoint: http://${gce.apiEndpoint}:${gce.port}`,
      '    staticToken: true',
      '    projects:',
      '      - { id: acme-one }',
      '      - { id: acme-two, zones: [us-central1-a], access: read-only }',
      '      - { id: acme-three, access: excluded }',
    ]);
    const clouds = await openClouds(deployment, runtimeConfig(env()), 'actions', env());
    expect(clouds.skipped).toEqual([]);
    expect(clouds.scopes.map((s) => `${s.label} ${s.access}`)).toEqual([
      `azure subscription ${SUB_RW} (prod) read-write`,
      `azure subscription ${SUB_RO} read-only`,
      'gcp project acme-one read-write',
      'gcp project acme-two (us-central1-a) read-only',
    ]);

    const azure = clouds.providers.get('azure')!;
    const vms = await azure.listResources();
    expect(vms.map((r) => `${r.account} ${r.name}`).sort()).toEqual([`${SUB_RW} web-rw`, `${SUB_RO} web-ro`]);
    const resize = (id: string): Action => ({
      type: 'resize',
      provider: 'azure',
      resourceId: id,
      region: 'eastus',
      fromSku: 'Standard_D4s_v3',
      toSku: 'Standard_D2s_v3',
    });
    const rw = vms.find((r) => r.name === 'web-rw')!.id;
    const ro = vms.find((r) => r.name === 'web-ro')!.id;
    expect((await azure.plan(resize(rw), ticketFor(resize(rw)))).steps.length).toBeGreaterThan(0);
    await expect(azure.plan(resize(ro), ticketFor(resize(ro)))).rejects.toThrow(`azure subscription ${SUB_RO} is read-only in the deployment config`);
    // A client can read an ARM id in another subscription; the excluded one is still not routed to.
    const excluded = vmResourceId({ subscriptionId: SUB_EXCLUDED, resourceGroup: 'rg', name: 'web-excluded' });
    await expect(azure.plan(resize(excluded), ticketFor(resize(excluded)))).rejects.toThrow(
      /no configured azure scope holds .*web-excluded \(azure subscription .*: (not in this scope|.*not found)/,
    );
    expect(arm.mutations).toEqual([]);

    const gcp = clouds.providers.get('gcp')!;
    const instances = (await gcp.listResources()).map((r) => r.id).sort();
    expect(instances).toEqual(['projects/acme-one/zones/us-central1-a/instances/vm-one', 'projects/acme-two/zones/us-central1-a/instances/vm-two']);
    const gcpResize = (id: string, region: string): Action => ({
      type: 'resize',
      provider: 'gcp',
      resourceId: id,
      region,
      fromSku: 'n2-standard-4',
      toSku: 'n2-standard-2',
    });
    const two = 'projects/acme-two/zones/us-central1-a/instances/vm-two';
    await expect(gcp.plan(gcpResize(two, 'us-central1'), ticketFor(gcpResize(two, 'us-central1')))).rejects.toThrow(/gcp project acme-two .* is read-only/);
    const outside = 'projects/acme-two/zones/europe-west1-b/instances/vm-two-eu';
    await expect(gcp.plan(gcpResize(outside, 'europe-west1'), ticketFor(gcpResize(outside, 'europe-west1')))).rejects.toThrow(/no configured gcp scope holds/);
    expect(gce.mutations).toEqual([]);
  });

  it('skips a scope it cannot reach or sign in to, says what to do, and keeps the others', async () => {
    const closed = await freePort();
    const deployment = configFile('broken.yaml', [
      'clouds:',
      '  sandbox: {}',
      '  gcp:',
      `    endpoint: http://127.0.0.1:${closed}`,
      '    staticToken: true',
      '    projects: [{ id: acme-one }]',
      '  azure:',
      `    endpoint: ${arm.endpoint}`,
      '    staticToken: true',
      `    subscriptions: [{ id: ${SUB_RW} }]`,
    ]);
    const { TOLLGATE_AZURE_STATIC_TOKEN: _unset, ...withoutAzureToken } = env();
    const clouds = await openClouds(deployment, runtimeConfig(withoutAzureToken), 'analysis', withoutAzureToken, 10_000);
    expect([...clouds.providers.keys()]).toEqual(['sandbox']);
    const reasons = Object.fromEntries(clouds.skipped.map((s) => [s.label, s.reason]));
    expect(reasons['gcp project acme-one']).toMatch(new RegExp(`127\\.0\\.0\\.1:${closed} is not reachable .*check gcp\\.endpoint|no answer within`));
    expect(reasons[`azure subscription ${SUB_RW}`]).toMatch(/TOLLGATE_AZURE_STATIC_TOKEN is not: set it, or remove staticToken/);
  });

  it('skips a subscription whose ARM endpoint does not answer, saying which endpoint', async () => {
    const closed = await freePort();
    const deployment = configFile('azure-unreachable.yaml', [
      'clouds:',
      '  sandbox: {}',
      '  azure:',
      `    endpoint: https://127.0.0.1:${closed}`,
      `    tlsCaFile: ${join(dir, 'arm-ca.pem')}`,
      '    staticToken: true',
      `    subscriptions: [{ id: ${SUB_RW} }]`,
    ]);
    const clouds = await openClouds(deployment, runtimeConfig(env()), 'analysis', env(), 15_000);
    expect([...clouds.providers.keys()]).toEqual(['sandbox']);
    expect(clouds.skipped.map((s) => s.label)).toEqual([`azure subscription ${SUB_RW}`]);
    expect(clouds.skipped[0]!.reason).toMatch(new RegExp(`^https://127\\.0\\.0\\.1:${closed} is not reachable .*check azure\\.endpoint|no answer within`));
  }, 30_000);

  it('skips a subscription and a project the identity has no role in (403), naming the permission and the grant, and keeps the others', async () => {
    arm.forbidden.add(SUB_DENIED);
    gce.forbidden.add('acme-denied');
    const deployment = configFile('forbidden.yaml', [
      'clouds:',
      '  azure:',
      `    endpoint: ${arm.endpoint}`,
      `    tlsCaFile: ${join(dir, 'arm-ca.pem')}`,
      '    staticToken: true',
      '    analysis: { clientId: 00000000-0000-0000-0000-00000000a11a }',
      `    subscriptions: [{ id: ${SUB_RW} }, { id: ${SUB_DENIED}, name: finance }]`,
      '  gcp:',
      `    endpoint: http://${gce.apiEndpoint}:${gce.port}`,
      '    staticToken: true',
      '    projects: [{ id: acme-one }, { id: acme-denied }]',
    ]);
    const clouds = await openClouds(deployment, runtimeConfig(env()), 'analysis', env());
    expect(clouds.scopes.map((s) => s.label)).toEqual([`azure subscription ${SUB_RW}`, 'gcp project acme-one']);
    const reasons = Object.fromEntries(clouds.skipped.map((s) => [s.label, s.reason]));
    expect(reasons[`azure subscription ${SUB_DENIED} (finance)`]).toMatch(
      new RegExp(
        `^the analysis identity has no role in subscription ${SUB_DENIED} \\(.*AuthorizationFailed, HTTP 403.*\\): assign it Reader and Monitoring Reader .*az role assignment create --assignee 00000000-0000-0000-0000-00000000a11a --role Reader --scope /subscriptions/${SUB_DENIED}`,
      ),
    );
    expect(reasons['gcp project acme-denied']).toMatch(
      /^the analysis worker's principal lacks compute\.instances\.list in project acme-denied \(.*code 7.*\): grant it roles\/compute\.viewer and roles\/monitoring\.viewer .*gcloud projects add-iam-policy-binding acme-denied/,
    );
    // Still readable where it may read.
    expect((await clouds.providers.get('azure')!.listResources()).map((r) => r.name)).toEqual(['web-rw']);
    expect((await clouds.providers.get('gcp')!.listResources()).map((r) => r.name)).toEqual(['vm-one']);
  });

  it('skips Azure and GCP scopes when no credential can be found, without ending the process', async () => {
    // No staticToken: DefaultAzureCredential and Application Default Credentials search this
    // process's environment, which here holds none of theirs (and HOME is an empty directory).
    const deployment = configFile('no-credentials.yaml', [
      'clouds:',
      '  sandbox: {}',
      '  azure:',
      `    endpoint: ${arm.endpoint}`,
      `    tlsCaFile: ${join(dir, 'arm-ca.pem')}`,
      `    subscriptions: [{ id: ${SUB_RW} }]`,
      '  gcp:',
      `    endpoint: http://${gce.apiEndpoint}:${gce.port}`,
      '    projects: [{ id: acme-one }]',
    ]);
    const empty = mkdtempSync(join(tmpdir(), 'tollgate-no-credentials-'));
    const unhandled: unknown[] = [];
    const onUnhandled = (reason: unknown) => unhandled.push(reason);
    process.on('unhandledRejection', onUnhandled);
    const saved = { ...process.env };
    for (const k of Object.keys(process.env)) if (/^(AZURE_|GOOGLE_|GCLOUD_|CLOUDSDK_|MSI_|IDENTITY_)/.test(k)) delete process.env[k];
    process.env.HOME = empty;
    try {
      const clouds = await openClouds(deployment, runtimeConfig({ TOLLGATE_HOME: dir }), 'analysis', { TOLLGATE_HOME: dir }, 15_000);
      await new Promise((r) => setTimeout(r, 200));
      expect([...clouds.providers.keys()]).toEqual(['sandbox']);
      const reasons = Object.fromEntries(clouds.skipped.map((s) => [s.label, s.reason]));
      expect(reasons[`azure subscription ${SUB_RW}`]).toMatch(
        /^no Azure credential \(.*\): sign in with "az login", or give the analysis worker a managed or workload identity|no answer within/,
      );
      expect(reasons['gcp project acme-one']).toMatch(
        /^no Application Default Credentials \(.*\): run "gcloud auth application-default login"|no answer within/,
      );
      expect(unhandled).toEqual([]);
    } finally {
      process.env = saved;
      process.off('unhandledRejection', onUnhandled);
    }
  }, 60_000);

  it('prices a subscription outside the bundled Azure regions through the Retail Prices API, and refuses it without one', async () => {
    const azure = (extra: string[]) => [
      'clouds:',
      '  azure:',
      `    endpoint: ${arm.endpoint}`,
      `    tlsCaFile: ${join(dir, 'arm-ca.pem')}`,
      '    staticToken: true',
      `    subscriptions: [{ id: ${SUB_NORTH}, name: north }]`,
      ...extra,
    ];
    const priced = await openClouds(
      configFile('azure-retail.yaml', azure(['    retailPrices:', `      endpoint: ${retail.endpoint}`])),
      runtimeConfig(env()),
      'analysis',
      env(),
    );
    expect(priced.skipped).toEqual([]);
    const catalog = await priced.providers.get('azure')!.catalog();
    expect(catalog.find((c) => c.region === 'northeurope' && c.sku === 'Standard_D2s_v3')).toMatchObject({ hourlyUsd: 0.107, catalogDate: '2026-06-01' });

    const refused = await openClouds(configFile('azure-unpriced.yaml', azure([])), runtimeConfig(env()), 'analysis', env());
    expect([...refused.providers.keys()]).toEqual([]);
    expect(refused.skipped.map((s) => s.label)).toEqual([`azure subscription ${SUB_NORTH} (north)`]);
    expect(refused.skipped[0]!.reason).toMatch(/no list prices for region northeurope: .*Add azure\.retailPrices to the config/);
  });

  it('prices a GCP project outside us-central1 through the Cloud Billing Catalog, and refuses it without one', async () => {
    const gcp = (extra: string[]) => [
      'clouds:',
      '  gcp:',
      `    endpoint: http://${gce.apiEndpoint}:${gce.port}`,
      '    staticToken: true',
      '    projects: [{ id: acme-europe }]',
      ...extra,
    ];
    const priced = await openClouds(
      configFile('gcp-billing.yaml', gcp(['    billingCatalog:', `      endpoint: ${billing.endpoint}`])),
      runtimeConfig(env()),
      'analysis',
      env(),
    );
    expect(priced.skipped).toEqual([]);
    const catalog = await priced.providers.get('gcp')!.catalog();
    expect(catalog.find((c) => c.region === 'europe-west1' && c.sku === 'n2-standard-4')).toMatchObject({
      hourlyUsd: Math.round((4 * 0.034773 + 16 * 0.004661) * 1e6) / 1e6,
      catalogDate: '2026-06-20',
    });

    const refused = await openClouds(configFile('gcp-unpriced.yaml', gcp([])), runtimeConfig(env()), 'analysis', env());
    expect([...refused.providers.keys()]).toEqual([]);
    expect(refused.skipped.map((s) => s.label)).toEqual(['gcp project acme-europe']);
    expect(refused.skipped[0]!.reason).toMatch(/no list prices for region europe-west1: .*not reused elsewhere\. Add gcp\.billingCatalog/);
  });
});
