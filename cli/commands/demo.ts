import type { ChildProcess } from 'node:child_process';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Command } from 'commander';
import { changeOf, type PendingView } from '../../core/index.js';
import { SAMPLE_CASSETTES } from '../../evals/cassette-paths.js';
import { startReplayServer } from '../../evals/replay-server.js';
import { runtimeConfig } from '../../runtime/config.js';
import { decide } from '../../approvals/queue.js';
import { seedMotoDemoEstate } from '../../clouds/aws/index.js';
import { generateDemoKeys } from '../demo/demo-keys.js';
import { startLocalMoto } from '../../runtime/local-moto.js';
import { waitForState } from '../demo/drive.js';
import { ensureTemporal, spawnWorker } from '../demo/services.js';
import { printTable } from '../output.js';
import { openAudit } from '../../runtime/deps.js';
import { newRunId, startRun } from '../../runtime/start-run.js';
import { connectClient } from '../../runtime/temporal.js';
import { startConsole, type RunningConsole } from '../../runtime/console.js';
import { freePort } from '../../runtime/free-port.js';
import { portOpen } from '../demo/services.js';

const APPROVER = 'approver@example.com';
/** Where `--keep-running` serves the console when the port is free (else any free port). */
const CONSOLE_PORT = 8787;

export function registerDemo(program: Command): void {
  program
    .command('demo')
    .description('the whole loop on the bundled sample estate: detect, propose, check, approve, execute, verify, audit')
    .option('--keep-running', 'leave the dev server, workers and replay server up for hands-on use')
    .option('--cloud <cloud>', 'sandbox (the bundled estate) or aws (a local moto server, through the real AWS SDK)', 'sandbox')
    .action(async (opts: { keepRunning?: boolean; cloud: string }) => {
      if (opts.cloud !== 'sandbox' && opts.cloud !== 'aws') throw new Error(`--cloud is sandbox or aws, not ${opts.cloud}`);
      await runDemo(Boolean(opts.keepRunning), opts.cloud);
    });
}

async function runDemo(keepRunning: boolean, cloud: 'sandbox' | 'aws' = 'sandbox'): Promise<void> {
  const base = runtimeConfig();
  const home = join(base.home, 'demo');
  rmSync(home, { recursive: true, force: true });
  mkdirSync(home, { recursive: true });
  const say = (text: string) => process.stdout.write(`${text}\n`);

  say('1/6  Temporal dev server');
  const temporal = await ensureTemporal(base.temporalAddress, base.home);
  say(temporal.startedHere ? `     started on ${base.temporalAddress} (UI http://127.0.0.1:8233)` : `     already running on ${base.temporalAddress}`);

  // The console's origin is fixed before the workers read the policy: passkey approvals are bound to it.
  const consolePort = keepRunning ? ((await portOpen(`127.0.0.1:${CONSOLE_PORT}`)) ? await freePort() : CONSOLE_PORT) : undefined;
  say('2/6  replay LLM server (scripted cassettes) and the two workers');
  const replay = await startReplayServer({ cassetteDir: SAMPLE_CASSETTES, mode: 'replay' });
  const aws = cloud === 'aws' ? await awsDemoCloud(home, say) : undefined;
  // Approvals are signatures: each demo approver gets a key generated now, listed in the demo's policy copy.
  const keys = generateDemoKeys(home, base.policyPath, {
    ...(aws?.policy ?? {}),
    // With --keep-running the console is this policy's passkey relying party (docs/console.md).
    ...(consolePort !== undefined ? { approvals: { passkeys: { rpId: 'localhost', origins: [`http://localhost:${consolePort}`] } } } : {}),
  });
  const env = {
    ...process.env,
    TOLLGATE_HOME: home,
    TOLLGATE_POLICY: keys.policyPath,
    // The cassettes were recorded on the sandbox estate; against moto the agents use their templates.
    ...(aws ? aws.env : { TOLLGATE_LLM_BASE_URL: replay.baseUrl, TOLLGATE_LLM_PROVIDER: 'openai-compatible' }),
  };
  const config = runtimeConfig(env);
  const workers: ChildProcess[] = [
    await spawnWorker('analysis', env, join(home, 'worker-analysis.log')),
    await spawnWorker('actions', env, join(home, 'worker-actions.log')),
  ];
  let served: RunningConsole | undefined;
  const stop = async () => {
    await served?.close();
    for (const w of workers) w.kill('SIGINT');
    await replay.close();
    await aws?.stop();
    if (temporal.startedHere && temporal.pid) process.kill(temporal.pid, 'SIGTERM');
  };

  try {
    const client = await connectClient(config);
    say(`3/6  detect findings on ${aws ? 'the moto estate' : 'the sample estate'} and start one workflow per finding`);
    const run = await startRun(client, keys.policy, { runId: newRunId(), verifyWindow: '3s' });
    const started = run.started;
    for (const s of started) say(`     ${s.workflowId}: ${s.resourceId} could save $${s.monthlySavingsUsd}/month`);
    // The dev server keeps its state in a file, so a request left pending by an earlier demo is still open.
    for (const a of run.alreadyOpen ?? []) say(`     ${a.resourceId}: a request is still open from an earlier run (${a.leaseId}); not asked again`);

    say('4/6  wait for proposals and guardrails');
    const views = await Promise.all(started.map((s) => waitForState(client, s.workflowId)));
    const awaiting = views.filter((v) => v.state === 'AwaitingApproval');
    const single = awaiting.filter((v) => v.requirement?.required === 1);
    const [toApprove, toReject] = single;
    say('5/6  decisions: approve one, reject one, leave production pending (it needs two approvers)');
    const signed = (view: PendingView, decision: 'approve' | 'reject', reason: string) =>
      keys.keyring.signed(view.workflowId, { proposalHash: view.proposalHash!, decision, approver: APPROVER, reason });
    if (toApprove) await decide(client, toApprove.workflowId, signed(toApprove, 'approve', 'staging box, owner agreed'));
    if (toReject) await decide(client, toReject.workflowId, signed(toReject, 'reject', 'batch window grows next month'));
    const final = await Promise.all(
      started.map((s) =>
        waitForState(client, s.workflowId, s.workflowId === toApprove?.workflowId ? ['Executed', 'RolledBack', 'RollbackFailed', 'Aborted'] : undefined),
      ),
    );

    say('6/6  results');
    printTable(
      final.map((v) => ({
        workflow: v.workflowId,
        state: v.state,
        change: v.proposal ? changeOf(v.proposal.action) : '',
        savingsUsd: v.proposal?.estimatedMonthlySavingsUsd ?? 0,
        outcome: v.outcome ?? `waiting for ${v.requirement?.required ?? '?'} approval(s) until ${v.expiresAt}`,
      })),
      ['workflow', 'state', 'change', 'savingsUsd', 'outcome'],
    );
    const audit = openAudit(config);
    const verification = await audit.verify();
    await audit.close();
    say(
      verification.ok
        ? `\naudit log: ${verification.records} records, chain intact (head ${verification.head.slice(0, 16)})`
        : `\naudit log BROKEN at seq ${verification.firstBadSeq}: ${verification.reason}`,
    );
    const pending = final.find((v) => v.state === 'AwaitingApproval');
    say('\nTemporal UI: http://127.0.0.1:8233 (filter: TollgateState = "AwaitingApproval")');
    if (pending) {
      const cli = `TOLLGATE_HOME=${home} TOLLGATE_POLICY=${keys.policyPath} bin/tollgate.mjs approvals approve ${pending.workflowId}`;
      say(`approve by hand (two approvers for production; each signs with their demo key):`);
      say(`  ${cli} --hash ${pending.proposalHash} --as approver@example.com --key ${keys.keyFiles['approver@example.com']}`);
      say(`  ${cli} --hash ${pending.proposalHash} --as second@example.com --key ${keys.keyFiles['second@example.com']}`);
    }
    await client.connection.close();
    if (!verification.ok) process.exitCode = 1;
    if (keepRunning && consolePort !== undefined) {
      served = await startConsole(config, { host: '127.0.0.1', port: consolePort, env });
      say(`\nconsole: ${served.url}`);
      say(`  1. register a passkey at ${served.url}enroll as approver@example.com (second@example.com in another browser profile)`);
      say(`  2. approve it as the admin: paste the lines the page shows under approvals.approvers in ${keys.policyPath}; then sign in`);
      say('  requests proposed before a passkey was listed trust only the keys listed then: decide those with the commands above');
      say('keeping the dev server, workers, replay server and console up; Ctrl-C to stop');
      await new Promise<void>((resolve) => process.once('SIGINT', () => resolve()));
    } else if (pending) {
      say('(run "tollgate demo --keep-running" to keep everything up and approve by hand)');
    }
  } finally {
    await stop();
  }
}

/**
 * `--cloud aws`: a moto server seeded with four over-provisioned instances, and a tollgate.yaml
 * naming its one account. moto's instances were launched a moment ago, so the demo's policy copy
 * waives the days-since-last-change rule that would otherwise block every one of them.
 */
async function awsDemoCloud(home: string, say: (text: string) => void) {
  const moto = await startLocalMoto();
  const ids = await seedMotoDemoEstate(moto.endpoint, 'us-east-1', new Date());
  say(
    `     moto on ${moto.endpoint}: ${Object.entries(ids)
      .map(([name, id]) => `${name} ${id}`)
      .join(', ')}`,
  );
  const config = join(home, 'tollgate.yaml');
  writeFileSync(
    config,
    `# generated by tollgate demo --cloud aws\nclouds:\n  aws:\n    endpoint: ${moto.endpoint}\n    regions: [us-east-1]\n    accounts: [{ id: "123456789012", name: moto }]\n`,
  );
  return {
    stop: moto.stop,
    policy: { rightsizing: { minDaysSinceLastChange: 0 } },
    env: {
      TOLLGATE_CONFIG: config,
      AWS_ACCESS_KEY_ID: 'testing',
      AWS_SECRET_ACCESS_KEY: 'testing',
      AWS_EC2_METADATA_DISABLED: 'true',
      TOLLGATE_LLM_PROVIDER: 'none',
    },
  };
}
