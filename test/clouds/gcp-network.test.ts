import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GcpCloud, StaticTokenAuth } from '../../clouds/gcp/index.js';
import { gcpCatalog } from '../../clouds/pricing/index.js';
import { findIdle } from '../../detect/idle.js';
import { startGceServer, type GceServer } from '../support/gce-server.js';

const project = 'tollgate-net';
const zone = 'us-central1-a';
const region = 'us-central1';
const windowEnd = Date.UTC(2026, 0, 20);
const days = 8;
const window = { from: new Date(windowEnd - days * 24 * 3_600_000).toISOString(), to: new Date(windowEnd).toISOString() };
const hours = Array.from({ length: days * 24 }, (_, h) => new Date(Date.parse(window.from) + h * 3_600_000).toISOString());
const RECEIVED = 'compute.googleapis.com/instance/network/received_bytes_count';
const SENT = 'compute.googleapis.com/instance/network/sent_bytes_count';

let gce: GceServer;

function cloudWith(networkBandwidthGbps?: Record<string, number>): GcpCloud {
  return new GcpCloud({
    project,
    apiEndpoint: gce.apiEndpoint,
    port: gce.port,
    protocol: 'http',
    auth: new StaticTokenAuth(gce.token),
    ...(networkBandwidthGbps ? { networkBandwidthGbps } : {}),
  });
}

function put(type: string, numericId: string, points: { at: string; value: number; labels?: Record<string, string> }[]): void {
  const byInstance = gce.series.get(type) ?? new Map();
  byInstance.set(numericId, points);
  gce.series.set(type, byInstance);
}

/** An n2-standard-4 (4 vCPU: an 8 Gbps lower bound) at 1 % CPU, moving `bytesPerSecond` each way, split over two load-balanced series. */
function seed(name: string, bytesPerSecond: number | undefined): string {
  const instance = gce.addInstance({ project, zone, name, machineType: 'n2-standard-4', status: 'RUNNING' });
  put(
    'compute.googleapis.com/instance/cpu/utilization',
    instance.id,
    hours.map((at) => ({ at, value: 0.01 })),
  );
  if (bytesPerSecond !== undefined) {
    for (const type of [RECEIVED, SENT]) {
      put(type, instance.id, [
        ...hours.map((at) => ({ at, value: bytesPerSecond * 0.75, labels: { loadbalanced: 'false' } })),
        ...hours.map((at) => ({ at, value: bytesPerSecond * 0.25, labels: { loadbalanced: 'true' } })),
      ]);
    }
  }
  return `projects/${project}/zones/${zone}/instances/${name}`;
}

beforeAll(async () => {
  gce = await startGceServer();
});

afterAll(async () => {
  await gce?.stop();
});

describe('GCP network utilization from Cloud Monitoring', () => {
  it('adds received and sent bytes (every series, aligned as a rate) against the machine type bandwidth; the idle rule fires', async () => {
    // 2 × 5e6 bytes/s = 8e7 bit/s = 1 % of 8 Gbps.
    const id = seed('quiet-1', 5e6);
    const cloud = cloudWith();
    const summary = await cloud.utilization(id, window);
    expect(summary.networkP95Pct).toBeCloseTo(1, 5);
    expect(gce.timeSeriesQueries.filter((q) => q.type === RECEIVED || q.type === SENT).map((q) => q.aligner)).toEqual(['ALIGN_RATE', 'ALIGN_RATE']);
    const finding = findIdle(await cloud.getResource(id), summary, gcpCatalog([region]), window.to);
    expect(finding).toMatchObject({ kind: 'idle', provider: 'gcp', region });
  });

  it('uses a published bandwidth when the deployment names one', async () => {
    const id = seed('quiet-2', 5e6);
    expect((await cloudWith({ 'n2-standard-4': 10 }).utilization(id, window)).networkP95Pct).toBeCloseTo(0.8, 5);
  });

  it('keeps a VM that moves data out of the idle findings', async () => {
    const id = seed('busy-net', 5e7);
    const cloud = cloudWith();
    const summary = await cloud.utilization(id, window);
    expect(summary.networkP95Pct).toBeCloseTo(10, 5);
    expect(findIdle(await cloud.getResource(id), summary, gcpCatalog([region]), window.to)).toBeUndefined();
  });

  it('reports no network figure without network series: the idle rule cannot fire', async () => {
    const id = seed('no-net', undefined);
    const cloud = cloudWith();
    const summary = await cloud.utilization(id, window);
    expect(summary.networkP95Pct).toBeUndefined();
    expect(findIdle(await cloud.getResource(id), summary, gcpCatalog([region]), window.to)).toBeUndefined();
  });
});
