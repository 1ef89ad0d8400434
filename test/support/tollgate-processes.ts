import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { openSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import type { DevServerEnvironment } from '../../evals/harness/dev-server.js';
import { publicKeyLineOf } from './approver-keys.js';
import { REPO } from './world.js';

const exec = promisify(execFile);
const CLI = join(REPO, 'bin/tollgate.mjs');

/** The dev server's frontend address, for TEMPORAL_ADDRESS in a spawned process. */
export function temporalAddress(temporal: DevServerEnvironment): string {
  return (temporal.client.connection as unknown as { options: { address: string } }).options.address;
}

/**
 * Both workers as `tollgate worker --queue analysis|actions` processes, each logging to
 * `<home>/worker-<queue>.log`; resolves once each has said it started.
 */
export async function startWorkerProcesses(env: NodeJS.ProcessEnv, home: string, startTimeoutMs = 180_000): Promise<ChildProcess[]> {
  const workers: ChildProcess[] = [];
  for (const queue of ['analysis', 'actions'] as const) {
    const log = join(home, `worker-${queue}.log`);
    const out = openSync(log, 'a');
    workers.push(spawn(process.execPath, [CLI, 'worker', '--queue', queue], { env, stdio: ['ignore', out, out] }));
    const deadline = Date.now() + startTimeoutMs;
    while (!readFileSync(log, 'utf8').includes('worker started')) {
      if (Date.now() > deadline) throw new Error(`the ${queue} worker did not start:\n${readFileSync(log, 'utf8')}`);
      await new Promise((r) => setTimeout(r, 500));
    }
  }
  return workers;
}

export function stopWorkerProcesses(workers: readonly ChildProcess[]): void {
  for (const w of workers) w.kill('SIGTERM');
}

export interface RunJson {
  runId: string;
  started: { workflowId: string; resourceId: string }[];
  scopes: { scanned: { label: string; access: string }[]; skipped: { label: string; reason: string }[] };
}

/** `tollgate run --json` as a process; its JSON answer. */
export async function runTollgate(env: NodeJS.ProcessEnv, args: string[] = [], timeoutMs = 300_000): Promise<RunJson> {
  const out = await exec(process.execPath, [CLI, 'run', '--json', ...args], { env, cwd: REPO, timeout: timeoutMs });
  return JSON.parse(out.stdout) as RunJson;
}

/** A workflow's failure, with the causes Temporal wraps it in, as one line ('' when it succeeded). */
export async function failureOf(handle: { result(): Promise<unknown> }): Promise<string> {
  return handle.result().then(
    () => '',
    (e: Error) => {
      const messages: string[] = [];
      for (let error: unknown = e; error instanceof Error && messages.length < 5; error = error.cause) messages.push(error.message);
      return messages.join(' ');
    },
  );
}

/** A policy for process tests: resizes only, one signed approval by approver@example.com, a short verify window. */
export function writeResizePolicy(home: string): string {
  const policy = join(home, 'policy.yaml');
  writeFileSync(
    policy,
    [
      'version: 1',
      'rightsizing: { minDaysSinceLastChange: 0 }',
      'approvals:',
      '  required: 1',
      '  approvers:',
      `    approver@example.com: { role: finops, keys: [${JSON.stringify(publicKeyLineOf('approver@example.com'))}] }`,
      'execution: { allowedActions: [resize], verifyWindow: 2s }',
    ].join('\n'),
  );
  return policy;
}
