import { MockActivityEnvironment } from '@temporalio/testing';
import { describe, expect, it } from 'vitest';
import { createAnomalyActivities } from '../../activities/anomaly-activities.js';
import type { Notifier } from '../../activities/notifier.js';
import { ALERT_ATTEMPTS, incidentId, type AnomalyView } from '../../core/index.js';
import { TestWorld } from '../support/world.js';

const rootCause = { team: 'nobody', resource: 'i-0lost' };
const id = incidentId('USD', rootCause, '2025-03-10');
const view: AnomalyView = {
  workflowId: `anomaly-${id}`,
  incidentId: id,
  trigger: 'test',
  state: 'AwaitingFeedback',
  incident: {
    id,
    currency: 'USD',
    severity: 'major',
    method: 'seasonal-mad',
    start: '2025-03-10',
    end: '2025-03-10',
    ongoing: false,
    expected: 300,
    actual: 400,
    impact: 100,
    rootCause,
    rootCauses: [],
    affected: [],
  },
  rootCause: 'team=nobody, resource=i-0lost',
  owners: [],
  teams: ['nobody'],
};

/** Slack down: every post refused. An in-process stand-in, because the failure is the point here. */
const refusingSlack = {
  postAnomalyAlert: () => Promise.reject(new Error('An API error occurred: service_unavailable')),
} as unknown as Notifier;

describe('an alert no channel takes', () => {
  it('is retried while attempts remain, then recorded as undelivered instead of failing the workflow', async () => {
    const world = new TestWorld('http://127.0.0.1:9');
    world.notifier = refusingSlack;
    const activities = createAnomalyActivities(world.analysisDeps());

    const early = new MockActivityEnvironment({ attempt: 1 });
    await expect(early.run(activities.alertIncidentOwner, { view })).rejects.toThrow(/reached no channel \(attempt 1\): slack: .*service_unavailable/);
    expect(await world.audit.records({ workflowId: view.workflowId })).toEqual([]);

    const last = new MockActivityEnvironment({ attempt: ALERT_ATTEMPTS });
    const delivery = await last.run(activities.alertIncidentOwner, { view });
    expect(delivery).toEqual({ slack: [], failures: [expect.stringContaining('service_unavailable')] });
    const [record] = await world.audit.records({ workflowId: view.workflowId });
    expect(record?.step === 'notify' && record.output.kind === 'anomaly-alert' && record.output.failures).toHaveLength(1);
    expect(record?.outcome).toMatch(new RegExp(`^undelivered after ${ALERT_ATTEMPTS} attempts`));
  });
});
