import { execFile, execFileSync, spawn } from 'node:child_process';
import { existsSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { findingFor, startFinding, startLoop, waitFor, type Loop } from '../support/loop.js';
import { ANALYSIS_QUEUE } from '../../core/index.js';
import { REPO } from '../support/world.js';
import { writeKeyFile } from '../support/approver-keys.js';

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
  beforeEach(() => {
    loop.world.reset();
  });

  const keyOf = (approver: string) => writeKeyFile(loop.world.dir, approver);
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

    const refused = await tollgate('approvals', 'approve', handle.workflowId, '--as', 'viewer@example.com', '--hash', pending.proposalHash!).then(
      () => undefined,
      (error: { code: number; stderr: string }) => error,
    );
    expect(refused?.code).toBe(1);
    expect(refused?.stderr).toContain('role viewer');

    const approved = JSON.parse(
      (
        await tollgate(
          'approvals',
          'approve',
          handle.workflowId,
          '--as',
          'approver@example.com',
          '--reason',
          'cli',
          '--hash',
          pending.proposalHash!,
          '--key',
          keyOf('approver@example.com'),
          '--json',
        )
      ).stdout,
    ) as {
      approvals: { approver: string }[];
    };
    expect(approved.approvals.map((a) => a.approver)).toEqual(['approver@example.com']);
    expect((await waitFor(handle, ['Executed', 'Aborted'])).state).toBe('Executed');
  }, 120_000);

  it('approve binds to the hash the approver saw: without --hash a script is refused, a terminal shows the evidence and asks', async () => {
    const handle = await startFinding(loop, await findingFor(loop.world, 'i-0web0overprov01'));
    const pending = await waitFor(handle, ['AwaitingApproval']);

    const scripted = await tollgate('approvals', 'approve', handle.workflowId, '--as', 'approver@example.com').then(
      () => undefined,
      (error: { code: number; stderr: string }) => error,
    );
    expect(scripted?.code).toBe(1);
    expect(scripted?.stderr).toContain('approving needs --hash');
    expect((await waitFor(handle, ['AwaitingApproval'])).approvals).toHaveLength(0);

    // a terminal (script(1) gives the command a pty): "n" approves nothing, "y" approves the hash shown
    const onTerminal = (answer: string) =>
      new Promise<string>((resolve) => {
        const command = `${process.execPath} ${REPO}/bin/tollgate.mjs approvals approve ${handle.workflowId} --as approver@example.com --key ${keyOf('approver@example.com')}`;
        const child = spawn('script', ['-qec', command, '/dev/null'], { env, cwd: REPO });
        let out = '';
        child.stdout.on('data', (chunk: Buffer) => {
          out += chunk.toString();
          if (out.includes('[y/N]') && !child.stdin.writableEnded) child.stdin.end(`${answer}\n`);
        });
        child.on('close', () => resolve(out));
      });
    const declined = await onTerminal('n');
    expect(declined).toContain(`proposal hash: ${pending.proposalHash}`);
    expect(declined).toContain('not approved: you did not confirm');
    expect((await waitFor(handle, ['AwaitingApproval'])).approvals).toHaveLength(0);
    const confirmed = await onTerminal('y');
    expect(confirmed).toContain(`approved ${handle.workflowId} as approver@example.com`);
    expect((await waitFor(handle, ['Executed', 'Aborted'])).approvals.map((a) => a.proposalHash)).toEqual([pending.proposalHash]);
  });

  it('one broken and one unanswering workflow never hide the rest of the queue', async () => {
    const good = await startFinding(loop, await findingFor(loop.world, 'i-0web0overprov01'));
    await waitFor(good, ['AwaitingApproval']);
    const client = loop.env.client;
    const searchAttributes = { TollgateState: ['AwaitingApproval'] };
    // its first workflow task throws (no input), so every query fails
    const broken = await client.workflow.start('findingWorkflow', {
      workflowId: `broken-${Date.now()}`,
      taskQueue: ANALYSIS_QUEUE,
      args: [],
      searchAttributes,
    });
    // no worker polls its queue, so a query would wait forever
    const silent = await client.workflow.start('findingWorkflow', {
      workflowId: `silent-${Date.now()}`,
      taskQueue: 'nobody-polls',
      args: [],
      searchAttributes,
    });
    try {
      // visibility is eventually consistent: wait until all three are listed as awaiting approval
      const ids = [good.workflowId, broken.workflowId, silent.workflowId];
      const query = `TollgateState = 'AwaitingApproval' AND ExecutionStatus = 'Running'`;
      for (let i = 0; i < 80; i++) {
        const seen: string[] = [];
        for await (const w of client.workflow.list({ query })) seen.push(w.workflowId);
        if (ids.every((id) => seen.includes(id))) break;
        await new Promise((r) => setTimeout(r, 250));
      }
      type Listed = { pending: { workflowId: string }[]; unavailable: { workflowId: string; reason: string }[] };
      const listed = JSON.parse((await tollgate('approvals', 'list', '--json')).stdout) as Listed;
      expect(listed.pending.map((v) => v.workflowId)).toContain(good.workflowId);
      expect(listed.unavailable.map((v) => v.workflowId).sort()).toEqual([broken.workflowId, silent.workflowId].sort());
      const table = await tollgate('approvals', 'list');
      expect(table.stdout).toContain(good.workflowId);
      expect(table.stderr).toContain(`could not read ${silent.workflowId}`);
      expect((await tollgate('approvals', 'show', good.workflowId)).stdout).toContain('[AwaitingApproval]');
    } finally {
      await Promise.allSettled([broken.terminate(), silent.terminate(), good.terminate()]);
    }
  }, 120_000);

  it('signs: unsigned is refused, keygen makes a key a newcomer can approve with through ssh-agent', async () => {
    const keyFile = join(loop.world.dir, 'newcomer', 'tollgate_ed25519');
    const made = await tollgate('approvals', 'keygen', '--as', 'second@example.com', '--role', 'platform', '--out', keyFile);
    const publicLine = readFileSync(`${keyFile}.pub`, 'utf8').trim();
    expect(made.stdout).toContain(`- ${JSON.stringify(publicLine)}`);
    expect(statSync(keyFile).mode & 0o777).toBe(0o600);
    // the newcomer's key is readable by the real ssh-keygen
    expect(execFileSync('ssh-keygen', ['-y', '-f', keyFile], { encoding: 'utf8' }).trim()).toBe(publicLine);
    const again = await tollgate('approvals', 'keygen', '--as', 'second@example.com', '--out', keyFile).catch((e: { stderr: string }) => e);
    expect((again as { stderr: string }).stderr).toContain('exists');

    // an admin adds the key to the policy (the workers' and the CLI's copy); requests made from now on trust it
    const second = loop.world.policy.approvals.approvers['second@example.com']!;
    loop.world.policy = {
      ...loop.world.policy,
      approvals: {
        ...loop.world.policy.approvals,
        approvers: { ...loop.world.policy.approvals.approvers, 'second@example.com': { ...second, keys: [publicLine] } },
      },
    };
    const policyFile = join(loop.world.dir, 'newcomer', 'policy.yaml');
    writeFileSync(policyFile, `approvals:\n  approvers:\n    second@example.com:\n      role: platform\n      keys: [${JSON.stringify(publicLine)}]\n`);

    const handle = await startFinding(loop, await findingFor(loop.world, 'i-0web0overprov01'));
    const pending = await waitFor(handle, ['AwaitingApproval']);
    const hash = pending.proposalHash!;
    const refused = await tollgate('approvals', 'approve', handle.workflowId, '--as', 'second@example.com', '--hash', hash).then(
      () => undefined,
      (error: { code: number; stderr: string }) => error,
    );
    expect(refused?.stderr).toContain("second@example.com's approval is not signed");

    // the key lives in a real ssh-agent; the CLI finds it there by the policy's entry
    const socket = join(loop.world.dir, 'newcomer', 'agent.sock');
    const agent = spawn('ssh-agent', ['-D', '-a', socket], { stdio: 'ignore' });
    try {
      for (let i = 0; i < 40 && !existsSync(socket); i++) await new Promise((r) => setTimeout(r, 100));
      execFileSync('ssh-add', [keyFile], { env: { ...process.env, SSH_AUTH_SOCK: socket }, stdio: 'ignore' });
      const viaAgent = { ...env, SSH_AUTH_SOCK: socket, TOLLGATE_POLICY: policyFile };
      const approved = await run(
        process.execPath,
        [`${REPO}/bin/tollgate.mjs`, 'approvals', 'approve', handle.workflowId, '--as', 'second@example.com', '--hash', hash, '--json'],
        {
          env: viaAgent,
          cwd: REPO,
        },
      );
      const view = JSON.parse(approved.stdout) as { approvals: { approver: string; signature?: string }[] };
      expect(view.approvals.map((a) => a.approver)).toEqual(['second@example.com']);
      expect(view.approvals[0]!.signature).toMatch(/^-----BEGIN SSH SIGNATURE-----/);
    } finally {
      agent.kill();
    }
    expect((await waitFor(handle, ['Executed', 'Aborted'])).state).toBe('Executed');
  }, 120_000);
});
