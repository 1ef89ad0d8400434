import { Writable } from 'node:stream';
import { MockActivityEnvironment } from '@temporalio/testing';
import pino from 'pino';
import { describe, expect, it } from 'vitest';
import { anomalyOptionsFromPolicy } from '../../activities/anomaly-options.js';
import { createAnomalyActivities, type AnomalyScanResult } from '../../activities/anomaly-activities.js';
import { detectIncidents } from '../../detect/anomaly/index.js';
import { dailyCostCells } from '../../warehouse/anomaly-series.js';
import { openWarehouse } from '../../warehouse/index.js';
import { scenarioWarehouse } from '../detect/scenario-warehouse.js';
import { TestWorld } from '../support/world.js';

describe('the anomaly scan activity on worker threads', () => {
  it('finds what one thread finds, heartbeats the scan and logs where the time went', async () => {
    const { dbPath } = await scenarioWarehouse(11);
    const world = new TestWorld('http://127.0.0.1:9');
    world.warehousePath = dbPath;
    const logged: Record<string, unknown>[] = [];
    const log = pino({ level: 'info' }, new Writable({ write: (line: Buffer, _enc, done) => done(void logged.push(JSON.parse(String(line)))) }));
    // The warehouse is small: the threshold would keep it on this thread, so the test lowers it.
    const activities = createAnomalyActivities({ ...world.analysisDeps(), log, detectThreading: { threads: 2, minSeriesDays: 0 } });

    const env = new MockActivityEnvironment();
    const beats: { phase: string; done: number; total: number }[] = [];
    env.on('heartbeat', (details: (typeof beats)[number]) => beats.push(details));
    const found: AnomalyScanResult = await env.run(activities.detectAnomalyIncidents, { scanId: 'scan-threads', trigger: 'test' });

    const warehouse = await openWarehouse(dbPath);
    const cells = await dailyCostCells(warehouse).finally(() => warehouse.close());
    const single = detectIncidents(cells, anomalyOptionsFromPolicy(world.policy.anomalies));
    expect(single.incidents.length).toBeGreaterThan(0);
    expect(found.incidents).toStrictEqual(single.incidents);
    expect(found.planned).toStrictEqual(single.suppressed.map((s) => ({ incidentId: s.incident.id, planned: s.planned })));

    expect(beats.length).toBeGreaterThan(0);
    expect(beats.at(-1)).toEqual({ phase: 'scan', done: single.seriesScanned, total: single.seriesScanned });
    const scanned = logged.find((l) => l.msg === 'anomaly series scanned');
    expect(scanned).toMatchObject({ scanId: 'scan-threads', series: single.seriesScanned, threads: 2 });
    expect(scanned?.scanMs).toBeGreaterThan(0);
  }, 60_000);
});
