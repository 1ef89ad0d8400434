import { describe, expect, it } from 'vitest';
import { SandboxCloud } from '../../clouds/sandbox/sandbox-cloud.js';
import { actionHash, type Action, type Verdict } from '../../core/index.js';
import { authorizeDryRun, DEFAULT_POLICY } from '../../guardrails/index.js';
import { sampleEstate } from '../support/world.js';

const NOW = '2026-11-20T10:00:00.000Z';
const action: Action = { type: 'resize', provider: 'sandbox', resourceId: 'i-0web0overprov01', region: 'us-east-1', fromSku: 'm5.2xlarge', toSku: 'm5.large' };
const verdict = (over: Partial<Verdict> = {}): Verdict => ({
  passed: true,
  actionHash: actionHash(action),
  factsAt: NOW,
  evaluatedAt: NOW,
  risk: 'low',
  ruleVersions: {},
  results: [],
  ...over,
});

describe('dry-run tickets', () => {
  it('let the provider validate the change before approval, and never apply it', async () => {
    const cloud = new SandboxCloud(sampleEstate(), { clock: () => NOW });
    const dryRun = authorizeDryRun({ action, verdict: verdict(), policy: DEFAULT_POLICY, scope: 'wf-1', now: NOW });
    expect(dryRun.allowed).toBe(true);
    if (!dryRun.allowed) return;
    expect(dryRun.ticket.purpose).toBe('plan');
    await expect(cloud.plan(action, dryRun.ticket)).resolves.toMatchObject({ steps: expect.arrayContaining(['change size m5.2xlarge → m5.large']) });
    await expect(cloud.apply(action, dryRun.ticket)).rejects.toThrow(/dry-run only/);
    expect(cloud.changesOf(action.resourceId)).toHaveLength(0);
  });

  it('need a passed verdict for this action on fresh facts', () => {
    const refused = (v: Verdict, now = NOW) => authorizeDryRun({ action, verdict: v, policy: DEFAULT_POLICY, scope: 'wf-1', now });
    expect(refused(verdict({ passed: false }))).toMatchObject({ allowed: false, reasons: ['the verdict did not pass'] });
    expect(refused(verdict({ actionHash: 'other' }))).toMatchObject({ allowed: false, reasons: ['the verdict was computed for a different action'] });
    expect(refused(verdict(), '2026-11-20T12:00:00.000Z')).toMatchObject({ allowed: false });
  });
});
