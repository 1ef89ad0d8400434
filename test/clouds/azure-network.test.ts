import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AzureCloud, StaticTokenCredential } from '../../clouds/azure/index.js';
import { azureCatalog } from '../../clouds/pricing/index.js';
import { findIdle } from '../../detect/idle.js';
import { startArmServer, type ArmMetricPoint, type ArmServer } from '../support/arm-server.js';

const subscriptionId = '22222222-2222-3333-4444-555555555555';
const location = 'eastus';
const windowEnd = Date.UTC(2026, 0, 20);
const days = 8;
const window = { from: new Date(windowEnd - days * 24 * 3_600_000).toISOString(), to: new Date(windowEnd).toISOString() };
const hours = Array.from({ length: days * 24 }, (_, h) => new Date(Date.parse(window.from) + h * 3_600_000).toISOString());

let arm: ArmServer;

function cloudWith(networkBandwidthMbps?: Record<string, number>): AzureCloud {
  return new AzureCloud({
    subscriptionId,
    credential: new StaticTokenCredential(arm.token),
    endpoint: arm.endpoint,
    tlsCa: arm.ca,
    pollIntervalMs: 10,
    ...(networkBandwidthMbps ? { networkBandwidthMbps } : {}),
  });
}

/** A D4s_v3 (4 vCPU: a 1,000 Mbps lower bound) at 1 % CPU moving `bytesPerHour` in and the same out. */
function seedVm(name: string, bytesPerHour: number | undefined): string {
  const id = arm.addVm({ subscriptionId, resourceGroup: 'rg-net', name, location, vmSize: 'Standard_D4s_v3', power: 'running' });
  const series = new Map<string, ArmMetricPoint[]>([['Percentage CPU', hours.map((timeStamp) => ({ timeStamp, average: 1 }))]]);
  if (bytesPerHour !== undefined) {
    series.set(
      'Network In Total',
      hours.map((timeStamp) => ({ timeStamp, total: bytesPerHour })),
    );
    series.set(
      'Network Out Total',
      hours.map((timeStamp) => ({ timeStamp, total: bytesPerHour })),
    );
  }
  arm.metrics.set(id.toLowerCase(), series);
  return id;
}

beforeAll(async () => {
  arm = await startArmServer();
});

afterAll(async () => {
  await arm?.stop();
});

describe('Azure network utilization from Azure Monitor', () => {
  it('reads Network In Total + Network Out Total per hour against the size bandwidth, and the idle rule fires', async () => {
    // 2 × 2.25e9 bytes an hour = 1e7 bit/s = 1 % of 1,000 Mbps.
    const id = seedVm('quiet-1', 2.25e9);
    const cloud = cloudWith();
    const summary = await cloud.utilization(id, window);
    expect(summary.networkP95Pct).toBeCloseTo(1, 5);
    const finding = findIdle(await cloud.getResource(id), summary, azureCatalog(), window.to);
    expect(finding).toMatchObject({ kind: 'idle', provider: 'azure', region: location });
    expect(finding?.summary).toMatch(/network P95 1\.0% < 2%/);
  });

  it('uses a published bandwidth when the deployment names one for the size', async () => {
    const id = seedVm('quiet-2', 2.25e9);
    // 10,000 Mbps published → the same traffic is 0.1 %.
    expect((await cloudWith({ Standard_D4s_v3: 10_000 }).utilization(id, window)).networkP95Pct).toBeCloseTo(0.1, 5);
  });

  it('keeps a busy network VM out of the idle findings', async () => {
    const id = seedVm('busy-net', 2.25e10);
    const cloud = cloudWith();
    const summary = await cloud.utilization(id, window);
    expect(summary.networkP95Pct).toBeCloseTo(10, 5);
    expect(findIdle(await cloud.getResource(id), summary, azureCatalog(), window.to)).toBeUndefined();
  });

  it('reports no network figure when Monitor has no network points: the idle rule cannot fire', async () => {
    const id = seedVm('no-net', undefined);
    const cloud = cloudWith();
    const summary = await cloud.utilization(id, window);
    expect(summary.networkP95Pct).toBeUndefined();
    expect(findIdle(await cloud.getResource(id), summary, azureCatalog(), window.to)).toBeUndefined();
  });
});
