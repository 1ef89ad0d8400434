import type { ChildProcess } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { azureCatalog, gcpCatalog } from '../../clouds/pricing/index.js';
import type { PendingView } from '../../core/index.js';
import { startDevServer, type DevServerEnvironment } from '../../evals/harness/dev-server.js';
import { waitForState } from '../../evals/harness/wait-for-state.js';
import { decideSigned } from '../support/approver-keys.js';
import { startArmServer, type ArmMetricPoint, type ArmServer } from '../support/arm-server.js';
import { startGceServer, type GceServer } from '../support/gce-server.js';
import { failureOf, runTollgate, startWorkerProcesses, stopWorkerProcesses, temporalAddress, writeResizePolicy } from '../support/tollgate-processes.js';

const SUB_RW = '11111111-0000-0000-0000-000000000001';
const SUB_RO = '11111111-0000-0000-0000-000000000002';
const SUB_EXCLUDED = '11111111-0000-0000-0000-000000000003';
const SUB_DENIED = '11111111-0000-0000-0000-000000000004'; // the workers have no role in it: ARM answers 403
const [PROJECT_RW, PROJECT_RO, PROJECT_EXCLUDED, PROJECT_DENIED] = ['acme-one', 'acme-two', 'acme-three', 'acme-denied'];
const AZURE_SIZE = 'Standard_D4s_v3';
const GCE_TYPE = 'n2-standard-4';
const HOURS = 48;

/**
 * Real processes for everything Tollgate runs: the Temporal dev server, both workers as
 * `tollgate worker` with a tollgate.yaml, and `tollgate run`. The clouds are the loopback ARM and
 * GCE servers (test/support), which run in this test process and answer the workers over loopback
 * HTTP(S): no Azure or GCP emulator exists, and these speak the REST operations the real
 * @azure/arm-* and @google-cloud/* SDKs call. Approvals are signed; changes go through those SDKs
 * and are read back from the servers.
 */
describe('tollgate.yaml with Azure subscriptions and GCP projects, as processes', () => {
  let arm: ArmServer;
  let gce: GceServer;
  let temporal: DevServerEnvironment;
  let workers: ChildProcess[] = [];
  const home = mkdtempSync(join(tmpdir(), 'tollgate-azure-gcp-e2e-'));
  const ids: Record<string, string> = {};
  let env: NodeJS.ProcessEnv;

  beforeAll(async () => {
    [arm, gce, temporal] = await Promise.all([startArmServer(), startGceServer(), startDevServer()]);
    arm.forbidden.add(SUB_DENIED);
    gce.forbidden.add(PROJECT_DENIED);
    // Every size the catalog knows is offered, so the test does not pick the rightsizing target for the finder.
    const eastus = azureCatalog().filter((c) => c.region === 'eastus');
    arm.sizes.eastus = eastus.map((c) => ({ name: c.sku, numberOfCores: c.vcpu, memoryInMB: Math.round(c.memoryGiB * 1024) }));
    for (const c of gcpCatalog(['us-central1'])) gce.machineTypes.add(c.sku);

    // Two days of hourly points up to the last full hour: 2 % CPU, busy network (10 % of the size's
    // bandwidth), so rightsizing fires and idle does not.
    const end = Math.floor(Date.now() / 3_600_000) * 3_600_000;
    const hours = Array.from({ length: HOURS }, (_, h) => new Date(end - (HOURS - h) * 3_600_000).toISOString());
    for (const [key, sub] of [
      ['azureRw', SUB_RW],
      ['azureRo', SUB_RO],
      ['azureExcluded', SUB_EXCLUDED],
    ] as const) {
      const id = arm.addVm({
        subscriptionId: sub,
        resourceGroup: 'rg',
        name: key.toLowerCase(),
        location: 'eastus',
        vmSize: AZURE_SIZE,
        power: 'running',
        inPlaceSizes: eastus.map((c) => c.sku),
      });
      // 2 × 2.25e10 bytes an hour = 1e8 bit/s = 10 % of a D4s_v3's 1,000 Mbps.
      const total = (timeStamp: string): ArmMetricPoint => ({ timeStamp, total: 2.25e10 });
      arm.metrics.set(
        id.toLowerCase(),
        new Map<string, ArmMetricPoint[]>([
          ['Percentage CPU', hours.map((timeStamp) => ({ timeStamp, average: 2 }))],
          ['Network In Total', hours.map(total)],
          ['Network Out Total', hours.map(total)],
        ]),
      );
      ids[key] = id;
    }
    for (const [key, project] of [
      ['gcpRw', PROJECT_RW],
      ['gcpRo', PROJECT_RO],
      ['gcpExcluded', PROJECT_EXCLUDED],
    ] as const) {
      const instance = gce.addInstance({ project, zone: 'us-central1-a', name: key.toLowerCase(), machineType: GCE_TYPE, status: 'RUNNING' });
      // 2 × 5e7 bytes/s = 8e8 bit/s = 10 % of an n2-standard-4's 8 Gbps.
      for (const [type, value] of [
        ['compute.googleapis.com/instance/cpu/utilization', 0.02],
        ['compute.googleapis.com/instance/network/received_bytes_count', 5e7],
        ['compute.googleapis.com/instance/network/sent_bytes_count', 5e7],
      ] as const) {
        const byInstance = gce.series.get(type) ?? new Map();
        byInstance.set(
          instance.id,
          hours.map((at) => ({ at, value })),
        );
        gce.series.set(type, byInstance);
      }
      ids[key] = `projects/${project}/zones/us-central1-a/instances/${instance.name}`;
    }

    writeFileSync(join(home, 'arm-ca.pem'), arm.ca);
    const config = join(home, 'tollgate.yaml');
    writeFileSync(
      config,
      [
        'clouds:',
        '  azure:',
        `    endpoint: ${arm.endpoint}`,
        `    tlsCaFile: ${join(home, 'arm-ca.pem')}`,
        '    staticToken: true',
        '    subscriptions:',
        `      - { id: ${SUB_RW}, name: prod }`,
        `      - { id: ${SUB_RO}, access: read-only }`,
        `      - { id: ${SUB_EXCLUDED}, access: excluded }`,
        `      - { id: ${SUB_DENIED}, name: finance }`,
        '  gcp:',
        `    endpoint: http://${gce.apiEndpoint}:${gce.port}`,
        '    staticToken: true',
        '    projects:',
        `      - { id: ${PROJECT_RW} }`,
        `      - { id: ${PROJECT_RO}, access: read-only }`,
        `      - { id: ${PROJECT_EXCLUDED}, access: excluded }`,
        `      - { id: ${PROJECT_DENIED} }`,
      ].join('\n'),
    );
    env = {
      PATH: process.env.PATH,
      HOME: home,
      TOLLGATE_HOME: home,
      TOLLGATE_CONFIG: config,
      TOLLGATE_POLICY: writeResizePolicy(home),
      TEMPORAL_ADDRESS: temporalAddress(temporal),
      // The loopback servers' bearer tokens; staticToken in the config says to use them instead of DefaultAzureCredential / ADC.
      TOLLGATE_AZURE_STATIC_TOKEN: arm.token,
      TOLLGATE_GCP_STATIC_TOKEN: gce.token,
      TOLLGATE_AZURE_POLL_MS: '10',
      TOLLGATE_LOG_LEVEL: 'info',
    };
    workers = await startWorkerProcesses(env, home);
  }, 400_000);

  afterAll(async () => {
    stopWorkerProcesses(workers);
    await Promise.allSettled([arm?.stop(), gce?.stop(), temporal?.teardown()]);
  });

  it('finds, approves and resizes in the read-write scopes only, refuses the read-only ones and never touches the excluded ones', async () => {
    const result = await runTollgate(env, ['--verify-window', '2s']);

    // Scopes: the read-write and read-only subscription and project scanned; the excluded ones never opened.
    const access = Object.fromEntries(result.scopes.scanned.map((s) => [s.label, s.access]));
    expect(access).toEqual({
      [`azure subscription ${SUB_RW} (prod)`]: 'read-write',
      [`azure subscription ${SUB_RO}`]: 'read-only',
      [`gcp project ${PROJECT_RW}`]: 'read-write',
      [`gcp project ${PROJECT_RO}`]: 'read-only',
    });
    // The subscription and project the workers have no role in: skipped, each saying what to grant.
    const skipped = Object.fromEntries(result.scopes.skipped.map((s) => [s.label, s.reason]));
    expect(Object.keys(skipped).sort()).toEqual([`azure subscription ${SUB_DENIED} (finance)`, `gcp project ${PROJECT_DENIED}`]);
    expect(skipped[`azure subscription ${SUB_DENIED} (finance)`]).toMatch(/no role in subscription .*AuthorizationFailed, HTTP 403.*az role assignment create/);
    expect(skipped[`gcp project ${PROJECT_DENIED}`]).toMatch(/lacks compute\.instances\.list in project acme-denied .*gcloud projects add-iam-policy-binding/);

    // Findings: every readable VM with metrics, none in the excluded scopes.
    const byResource = new Map(result.started.map((s) => [s.resourceId.toLowerCase(), s.workflowId]));
    const handleOf = (key: string) => temporal.client.workflow.getHandle(byResource.get(ids[key]!.toLowerCase())!);
    for (const key of ['azureRw', 'azureRo', 'gcpRw', 'gcpRo']) expect(byResource.has(ids[key]!.toLowerCase()), key).toBe(true);
    for (const key of ['azureExcluded', 'gcpExcluded']) expect(byResource.has(ids[key]!.toLowerCase()), key).toBe(false);

    // Approve the read-write ones: each is resized through the real SDK, verified, and read back here.
    const approved: Record<string, PendingView> = {};
    for (const key of ['azureRw', 'gcpRw']) {
      const handle = handleOf(key);
      const pending = await waitForState(handle, ['AwaitingApproval', 'Blocked', 'Aborted'], 240_000, 500);
      expect(pending.state, `${key}: ${JSON.stringify(pending)}`).toBe('AwaitingApproval');
      expect(pending.proposal?.action.type).toBe('resize');
      approved[key] = pending;
      await decideSigned(handle, { proposalHash: pending.proposalHash!, decision: 'approve', approver: 'approver@example.com', reason: 'end to end' });
      const done = await waitForState(handle, ['Executed', 'Aborted', 'RolledBack', 'RollbackFailed'], 300_000, 500);
      expect(done.state, `${key}: ${done.outcome ?? ''}`).toBe('Executed');
    }
    const azureTarget = (approved.azureRw!.proposal!.action as { toSku: string }).toSku;
    const gcpTarget = (approved.gcpRw!.proposal!.action as { toSku: string }).toSku;
    expect(azureTarget).not.toBe(AZURE_SIZE);
    expect(gcpTarget).not.toBe(GCE_TYPE);
    expect(arm.vms.get(`${SUB_RW}/rg/azurerw`.toLowerCase())?.vmSize).toBe(azureTarget);
    expect(gce.instances.get(`${PROJECT_RW}/us-central1-a/gcprw`)).toMatchObject({ machineType: gcpTarget, status: 'RUNNING' });
    // Exactly one size change each (the other updates are the applied-change marker tags).
    const sizeOf = (body: unknown) => (body as { properties?: { hardwareProfile?: { vmSize?: string } } } | undefined)?.properties?.hardwareProfile?.vmSize;
    expect(arm.mutations.filter((m) => m.operation === 'update' && sizeOf(m.body)).map((m) => `${m.vm} ${sizeOf(m.body)}`)).toEqual([`azurerw ${azureTarget}`]);
    expect(gce.mutations.filter((m) => m.method === 'setMachineType').map((m) => m.instance)).toEqual(['gcprw']);

    // The read-only scopes' findings never get as far as a change: the dry-run is refused, naming the scope.
    expect(await failureOf(handleOf('azureRo'))).toMatch(new RegExp(`azure subscription ${SUB_RO} is read-only in the deployment config`));
    expect(await failureOf(handleOf('gcpRo'))).toMatch(new RegExp(`gcp project ${PROJECT_RO}.* is read-only`));
    expect(arm.vms.get(`${SUB_RO}/rg/azurero`)?.vmSize).toBe(AZURE_SIZE);
    expect(gce.instances.get(`${PROJECT_RO}/us-central1-a/gcpro`)?.machineType).toBe(GCE_TYPE);
    expect(gce.mutations.map((m) => m.instance).filter((name) => name !== 'gcprw')).toEqual([]);
    expect(arm.mutations.map((m) => m.vm).filter((name) => name !== 'azurerw')).toEqual([]);

    // The excluded scopes: not one request, read or write, from either worker or the CLI.
    expect(arm.requestsTo(SUB_RW)).toBeGreaterThan(0);
    expect(gce.requestsTo(PROJECT_RW)).toBeGreaterThan(0);
    expect(arm.requestsTo(SUB_EXCLUDED)).toBe(0);
    expect(gce.requestsTo(PROJECT_EXCLUDED)).toBe(0);
    expect(arm.vms.get(`${SUB_EXCLUDED}/rg/azureexcluded`)?.vmSize).toBe(AZURE_SIZE);
  }, 900_000);
});
