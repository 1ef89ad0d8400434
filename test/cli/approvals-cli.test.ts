import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findingFor, startFinding, startLoop, waitFor, type Loop } from '../support/loop.js';
import { REPO } from '../support/world.js';

const run = promisify(execFile);

describe('tollgate approvals (the CLI as a process, against the dev server)', () => {
  let loop: Loop;
  let env: NodeJS.ProcessEnv;
  beforeAll(async () => {
    loop = await startLoop();
    const address = (loop.env.client.connection as unknown as { options: { address: string } }).options.address;
    env = { ...process.env, TEMPORAL_ADDRESS: address, TOLLGATE_HOME: loop.world.dir, TOLLGATE_LOG_LEVEL: 'silent' };
  });
  afterAll(async () => {
    await loop?.stop();
  });

  const tollgate = (...args: string[]) => run(process.execPath, [`${REPO}/bin/tollgate.mjs`, ...args], { env, cwd: REPO });

  it('lists the queue, shows the evidence, refuses a viewer, and approves by the shown hash', async () => {
    const handle = await startFinding(loop, await findingFor(loop.world, 'i-0web0overprov01'));
    const pending = await waitFor(handle, ['AwaitingApproval']);

    // visibility is eventually consistent: poll the list until the workflow shows up
    let listed: { pending: { workflowId: string; proposalHash?: string }[] } = { pending: [] };
    for (let i = 0; i < 40 && !listed.pending.some((p) => p.workflowId === handle.workflowId); i++) {
      listed = JSON.parse((await tollgate('approvals', 'list', '--json')).stdout) as typeof listed;
      if (!listed.pending.some((p) => p.workflowId === handle.workflowId)) await new Promise((r) => setTimeout(r, 250));
    }
    expect(listed.pending.find((p) => p.workflowId === handle.workflowId)?.proposalHash).toBe(pending.proposalHash);

    const table = (await tollgate('approvals', 'list')).stdout;
    expect(table).toMatch(/^ID\s+RESOURCE\s+CHANGE/m);
    expect(table).toContain('m5.2xlarge → m5.large');

    const shown = (await tollgate('approvals', 'show', handle.workflowId)).stdout;
    expect(shown).toContain(`proposal hash: ${pending.proposalHash}`);
    expect(shown).toContain('change size m5.2xlarge → m5.large');
    expect(shown).toMatch(/pass {2}cpu-headroom@\d+: projected CPU P99\.5/);

    const refused = await tollgate('approvals', 'approve', handle.workflowId, '--as', 'viewer@example.com').then(
      () => undefined,
      (error: { code: number; stderr: string }) => error,
    );
    expect(refused?.code).toBe(1);
    expect(refused?.stderr).toContain('role viewer');

    const approved = JSON.parse(
      (await tollgate('approvals', 'approve', handle.workflowId, '--as', 'approver@example.com', '--reason', 'cli', '--json')).stdout,
    ) as {
      approvals: { approver: string }[];
    };
    expect(approved.approvals.map((a) => a.approver)).toEqual(['approver@example.com']);
    expect((await waitFor(handle, ['Executed', 'Aborted'])).state).toBe('Executed');
  });
});
