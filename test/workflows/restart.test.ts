import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { SEARCH_ATTRIBUTES } from '../../core/index.js';
import { freePort } from '../../runtime/free-port.js';
import { decideSigned } from '../support/approver-keys.js';
import { findingFor, startFinding, startLoop, waitFor, type Loop } from '../support/loop.js';
import { REPO } from '../support/world.js';

const PROD_API = 'i-0api0prod00004';
const run = promisify(execFile);

describe('a dev server with --db-filename loses nothing when killed and started again', () => {
  const loops: Loop[] = [];
  afterAll(async () => {
    await Promise.allSettled(loops.map((l) => l.stop()));
  });

  it('a pending production approval survives a kill -9 of the server and can then be approved; one risk everywhere', async () => {
    const dbFilename = join(mkdtempSync(join(tmpdir(), 'tollgate-temporal-')), 'temporal.db');
    const before = await startLoop({ dbFilename });
    loops.push(before);
    const handle = await startFinding(before, await findingFor(before.world, PROD_API));
    const pending = await waitFor(handle, ['AwaitingApproval']);
    expect(pending.requirement?.required).toBe(2);
    await decideSigned(handle, { proposalHash: pending.proposalHash!, decision: 'approve', approver: 'approver@example.com', reason: 'first of two' });

    await before.crash();
    loops.pop();
    const after = await startLoop({ dbFilename, world: before.world });
    loops.push(after);

    const restored = after.env.client.workflow.getHandle(handle.workflowId);
    const view = await waitFor(restored, ['AwaitingApproval']);
    expect(view.proposalHash).toBe(pending.proposalHash);
    expect(view.approvals.map((a) => a.approver)).toEqual(['approver@example.com']);
    expect(after.world.cloud.changesOf(PROD_API)).toHaveLength(0);

    // The guardrails call a production change high risk; the model called it low. Every rendering shows the guardrails'.
    expect(view.proposal?.risk).toBe('low');
    expect(view.risk).toBe('high');
    const attributes = (await restored.describe()).searchAttributes;
    expect(attributes[SEARCH_ATTRIBUTES.risk]).toEqual(['high']);
    const address = (after.env.client.connection as unknown as { options: { address: string } }).options.address;
    const env = { ...process.env, TEMPORAL_ADDRESS: address, TOLLGATE_HOME: after.world.dir, TOLLGATE_LOG_LEVEL: 'silent' };
    const tollgate = async (...args: string[]) => (await run(process.execPath, [`${REPO}/bin/tollgate.mjs`, ...args], { env, cwd: REPO })).stdout;
    expect(await tollgate('approvals', 'show', handle.workflowId)).toContain('  risk: high\n');
    let listed = '';
    for (let i = 0; i < 40 && !listed.includes(handle.workflowId); i++) {
      listed = await tollgate('approvals', 'list');
      if (!listed.includes(handle.workflowId)) await new Promise((r) => setTimeout(r, 250));
    }
    const row = listed.split('\n').find((line) => line.includes(handle.workflowId)) ?? '';
    expect(row).toMatch(/\shigh\s/);
    expect(row).not.toMatch(/\slow\s/);

    await decideSigned(restored, { proposalHash: view.proposalHash!, decision: 'approve', approver: 'second@example.com', reason: 'second of two' });
    expect((await waitFor(restored, ['Executed', 'Aborted', 'RolledBack'])).state).toBe('Executed');
    expect(after.world.cloud.changesOf(PROD_API)).toHaveLength(1);
    expect((await after.world.audit.records({ workflowId: handle.workflowId })).filter((r) => r.step === 'approve')).toHaveLength(2);
  });

  it('scripts/temporal-dev.sh (make temporal, tollgate demo) keeps its state in TOLLGATE_HOME/temporal.db', async () => {
    const home = mkdtempSync(join(tmpdir(), 'tollgate-home-'));
    const [port, uiPort] = [await freePort(), await freePort()];
    const started = await run(join(REPO, 'scripts/temporal-dev.sh'), [], {
      env: { ...process.env, TOLLGATE_HOME: home, TEMPORAL_PORT: String(port), TEMPORAL_UI_PORT: String(uiPort) },
    });
    const pid = Number(readFileSync(join(home, 'temporal-dev.pid'), 'utf8'));
    try {
      expect(started.stderr).toContain(`state in ${join(home, 'temporal.db')}`);
      expect(existsSync(join(home, 'temporal.db'))).toBe(true);
      expect(statSync(join(home, 'temporal.db')).size).toBeGreaterThan(0);
    } finally {
      process.kill(pid, 'SIGTERM');
    }
  });
});
