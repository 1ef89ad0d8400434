import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EstateSchema, type Estate } from '../../clouds/sandbox/estate.js';
import { findingFor, startFinding, startLoop, waitFor, type Loop } from '../support/loop.js';
import { sampleEstate } from '../support/world.js';
import { decideSigned } from '../support/approver-keys.js';

const IDLE_VM = 'i-0idle0devbox08';
const VOLUME = 'vol-0orphan000009';
const ADDRESS = 'eipalloc-0unused10';

/** The sample estate plus an idle dev VM, an unattached volume and an unassociated address. */
function remediationEstate(): Estate {
  const estate = sampleEstate();
  const base = { provider: 'sandbox' as const, account: '123456789012', region: 'us-east-1', lastChangedAt: '2026-09-01T00:00:00Z' };
  estate.resources.push(
    {
      ...base,
      id: IDLE_VM,
      kind: 'vm',
      name: 'forgotten-devbox',
      sku: 'm5.xlarge',
      state: 'running',
      tags: { team: 'web', env: 'dev' },
      utilization: {
        hoursOfData: 336,
        cpu: { basePct: 1, dailyAmplitudePct: 0.3, noisePct: 0.3, burstPct: 0, seed: 21, afterChangeFactor: 1 },
        networkP95Pct: 0.4,
      },
    },
    {
      ...base,
      id: VOLUME,
      kind: 'volume',
      name: 'old-build-cache',
      sku: 'gp3',
      state: 'available',
      tags: { team: 'data', env: 'dev' },
    } as unknown as Estate['resources'][number],
    {
      ...base,
      id: ADDRESS,
      kind: 'address',
      name: 'legacy-vpn',
      sku: 'elastic-ip',
      state: 'available',
      tags: { team: 'net', env: 'dev' },
    } as unknown as Estate['resources'][number],
  );
  return EstateSchema.parse(estate);
}

describe('remediations through the approval workflow: stop idle, delete orphan volume, release address', () => {
  let loop: Loop;
  beforeAll(async () => {
    loop = await startLoop();
  });
  afterAll(async () => {
    await loop?.stop();
  });

  for (const [resourceId, expected] of [
    [IDLE_VM, { type: 'stop', state: 'stopped' }],
    [VOLUME, { type: 'delete-volume', state: 'deleted' }],
    [ADDRESS, { type: 'release-address', state: 'deleted' }],
  ] as const) {
    it(`${expected.type}: proposed by rule, checked, approved, applied once and verified`, async () => {
      const cloud = loop.world.reset(remediationEstate());
      loop.world.policy = {
        ...loop.world.policy,
        execution: { ...loop.world.policy.execution, allowedActions: ['resize', 'stop', 'start', 'delete-volume', 'release-address'] },
      };
      const handle = await startFinding(loop, await findingFor(loop.world, resourceId));
      const pending = await waitFor(handle, ['AwaitingApproval', 'Blocked']);
      expect(pending.outcome).toBeUndefined();
      expect(pending.proposal).toMatchObject({ source: 'rule', action: { type: expected.type, resourceId } });
      expect(cloud.changesOf(resourceId)).toHaveLength(0);
      await decideSigned(handle, { proposalHash: pending.proposalHash!, decision: 'approve', approver: 'approver@example.com', reason: '' });
      const done = await waitFor(handle, ['Executed', 'Aborted', 'RolledBack']);
      expect(done.state).toBe('Executed');
      expect((await cloud.getResource(resourceId)).state).toBe(expected.state);
      expect(cloud.changesOf(resourceId)).toHaveLength(1);
      if (expected.type === 'delete-volume') expect(cloud.snapshotOf(resourceId)).toMatch(/^snap-/);
      const verify = (await loop.world.audit.records({ workflowId: handle.workflowId, step: 'verify' }))[0];
      expect(verify?.outcome).toMatch(/^healthy: .* as the change left it/);
    });
  }

  it('is refused by the policy when the action type is not named in it', async () => {
    const cloud = loop.world.reset(remediationEstate());
    const handle = await startFinding(loop, await findingFor(loop.world, VOLUME));
    const done = await waitFor(handle, ['Blocked', 'AwaitingApproval']);
    expect(done.state).toBe('Blocked');
    expect(done.outcome).toMatch(/delete-volume/);
    expect(cloud.changesOf(VOLUME)).toHaveLength(0);
  });
});
