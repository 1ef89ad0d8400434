import { describe, expect, it } from 'vitest';
import { anomalyAlertBlocks, parseAnomalyButtonValue } from '../../approvals/slack/anomaly-alert-blocks.js';
import { incidentId, type AnomalyView } from '../../core/index.js';

const rootCause = { team: 'web', resource: 'i-1 <!channel> run `rm -rf`' };
const view: AnomalyView = {
  workflowId: `anomaly-${incidentId('USD', rootCause, '2025-03-10')}`,
  incidentId: incidentId('USD', rootCause, '2025-03-10'),
  trigger: 'test',
  state: 'AwaitingFeedback',
  incident: {
    id: incidentId('USD', rootCause, '2025-03-10'),
    currency: 'USD',
    severity: 'critical',
    method: 'seasonal-mad',
    start: '2025-03-10',
    end: '2025-03-10',
    ongoing: false,
    expected: 300,
    actual: 480,
    impact: 180,
    rootCause,
    rootCauses: [{ dimension: 'resource', key: rootCause.resource, expected: 300, actual: 480, impact: 180, share: 1 }],
    affected: [],
  },
  rootCause: `team=web, resource=${rootCause.resource}`,
  owners: ['@here'],
  teams: ['web'],
  explanation: {
    source: 'fallback',
    narrative: 'see <https://evil.example|this>',
    likelyCause: 'traffic',
    nextStep: 'ask',
    owner: null,
    failure: 'the model answered no valid JSON',
  },
};

describe('the anomaly alert in Slack', () => {
  it('escapes every text from tags, names and the model, and says when the explanation failed', () => {
    const text = JSON.stringify(anomalyAlertBlocks(view));
    expect(text).not.toContain('<!channel>');
    expect(text).toContain('&lt;!channel&gt;');
    expect(text).not.toContain('<https://evil');
    expect(text).not.toMatch(/(?<!\u200b)@here/);
    expect(text).toContain('The explanation failed (the model answered no valid JSON)');
    expect(text).toContain('$180.00 (+60.0 %) above expected');
  });

  it('offers Expected / Unexpected / Planned only while feedback is awaited, and reads back only well-formed buttons', () => {
    const waiting = anomalyAlertBlocks(view).blocks.find((b) => b.type === 'actions') as { elements: { value: string }[] };
    expect(waiting.elements.map((e) => parseAnomalyButtonValue(e.value).verdict)).toEqual(['expected', 'unexpected', 'planned']);
    const done = anomalyAlertBlocks({ ...view, state: 'Planned', feedback: { verdict: 'planned', by: 'ana', at: '2025-03-11T09:00:00Z' } });
    expect(done.blocks.some((b) => b.type === 'actions')).toBe(false);
    expect(JSON.stringify(done)).toContain('planned by ana');
    expect(() => parseAnomalyButtonValue(JSON.stringify({ workflowId: 'tollgate-lease-x', verdict: 'planned' }))).toThrow('valid anomaly alert id');
    expect(() => parseAnomalyButtonValue('{not json')).toThrow('not a Tollgate anomaly alert');
  });
});
