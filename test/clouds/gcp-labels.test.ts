import { describe, expect, it } from 'vitest';
import { labelsToTags } from '../../clouds/gcp/labels.js';
import { PolicySchema } from '../../guardrails/index.js';
import { offHoursProblem } from '../../guardrails/checks/off-hours-schedule.js';
import { exclusionTag } from '../../guardrails/checks/exclusion-tag.js';
import { context, RESOURCE } from '../guardrails/fixtures.js';

describe('GCE labels as tags', () => {
  it('reads tollgate-NAME labels as tollgate:NAME tags as well, keeping every label', () => {
    expect(labelsToTags({ 'tollgate-exclude': 'true', 'tollgate-off-hours': 'nights', team: 'web' })).toEqual({
      'tollgate-exclude': 'true',
      'tollgate:exclude': 'true',
      'tollgate-off-hours': 'nights',
      'tollgate:off-hours': 'nights',
      team: 'web',
    });
    expect(labelsToTags(undefined)).toEqual({});
    expect(labelsToTags({ 'not-tollgate-exclude': 'true' })).toEqual({ 'not-tollgate-exclude': 'true' });
  });

  it('lets the default exclusion and off-hours keys work on a labelled GCE VM', () => {
    const tags = labelsToTags({ 'tollgate-exclude': 'true', 'tollgate-off-hours': 'nights', env: 'dev' });
    const vm = { ...RESOURCE, provider: 'gcp' as const, tags };
    expect(exclusionTag.run(context({ resource: vm }))).toMatchObject({ passed: false });
    const policy = PolicySchema.parse({ offHours: { schedules: [{ name: 'nights', stop: '0 20 * * *', start: '0 7 * * *' }] } });
    const action = {
      type: 'off-hours' as const,
      provider: 'gcp' as const,
      resourceId: vm.id,
      region: vm.region,
      schedule: 'nights',
      stopCron: '0 20 * * *',
      startCron: '0 7 * * *',
      timezone: 'UTC',
    };
    expect(offHoursProblem({ resource: vm, policy }, action)).toBeUndefined();
  });
});
