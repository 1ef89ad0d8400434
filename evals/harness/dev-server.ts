import { freePort } from '../../runtime/free-port.js';
import { spawn, execFileSync } from 'node:child_process';
import { connect } from 'node:net';
import { fileURLToPath } from 'node:url';
import { TestWorkflowEnvironment } from '@temporalio/testing';
import { sourceUrl } from '../../core/source-url.js';

const TEMPORAL_CLI_SCRIPT = fileURLToPath(sourceUrl('../../scripts/temporal-cli.sh', import.meta.url));
const SEARCH_ATTRIBUTES = [
  'TollgateState=Keyword',
  'TollgateProvider=Keyword',
  'TollgateRisk=Keyword',
  'TollgateMonthlySavingsUsd=Double',
  // anomaly alerts (workflows/anomaly-workflow.ts)
  'TollgateSeverity=Keyword',
  'TollgateImpact=Double',
  'TollgateRootCauseService=Keyword',
  'TollgateOwner=Keyword',
];

/**
 * A real Temporal dev server (the CLI built from the Go module proxy) with Tollgate's search
 * attributes, on free loopback ports. Started by hand rather than by the SDK's ephemeral-server
 * helper, whose fixed 5-second start-up limit is too short on a loaded 2-core machine.
 * With `dbFilename` the server keeps its state in that SQLite file, so a server started again on
 * the same file finds every workflow where it was; without it, state lives in memory only.
 */
export async function startDevServer(options: { uiPort?: number; startTimeoutMs?: number; dbFilename?: string } = {}): Promise<DevServerEnvironment> {
  const cli = execFileSync(TEMPORAL_CLI_SCRIPT, { encoding: 'utf8' }).trim();
  const port = await freePort();
  const ui = options.uiPort ? ['--ui-port', String(options.uiPort)] : ['--headless'];
  const args = [
    'server',
    'start-dev',
    '--ip',
    '127.0.0.1',
    '--port',
    String(port),
    ...ui,
    '--log-level',
    'error',
    ...(options.dbFilename ? ['--db-filename', options.dbFilename] : []),
    ...SEARCH_ATTRIBUTES.flatMap((a) => ['--search-attribute', a]),
  ];
  const server = spawn(cli, args, { stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  server.stderr.on('data', (chunk: Buffer) => (stderr = `${stderr}${chunk.toString()}`.slice(-4000)));
  const address = `127.0.0.1:${port}`;
  try {
    const deadline = Date.now() + (options.startTimeoutMs ?? 60_000);
    await waitForPort(port, deadline - Date.now(), () => server.exitCode !== null);
    const env = await connectWhenHealthy(address, deadline);
    const teardown = env.teardown.bind(env);
    const exited = new Promise<void>((resolve) => (server.exitCode !== null ? resolve() : server.once('exit', () => resolve())));
    env.teardown = async () => {
      await teardown();
      server.kill('SIGTERM');
    };
    // A crash, not a shutdown: the process gets no chance to flush anything more.
    const kill = async () => {
      server.kill('SIGKILL');
      await exited;
      await teardown().catch(() => undefined);
    };
    return Object.assign(env, { kill });
  } catch (error) {
    server.kill('SIGKILL');
    throw new Error(`Temporal dev server on ${address} did not start: ${(error as Error).message}\n${stderr}`);
  }
}

/** A dev server for tests; `kill()` ends it abruptly (SIGKILL), as a crash or a power cut would. */
export type DevServerEnvironment = TestWorkflowEnvironment & { kill(): Promise<void> };

/** The port opens before the frontend is healthy: retry until it answers or the deadline passes. */
async function connectWhenHealthy(address: string, deadline: number): Promise<TestWorkflowEnvironment> {
  for (;;) {
    try {
      return await TestWorkflowEnvironment.createFromExistingServer({ address });
    } catch (error) {
      if (Date.now() > deadline) throw error;
      await new Promise((r) => setTimeout(r, 250));
    }
  }
}

async function waitForPort(port: number, timeoutMs: number, exited: () => boolean): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (exited()) throw new Error('the server process exited');
    const open = await new Promise<boolean>((resolve) => {
      const socket = connect({ host: '127.0.0.1', port });
      socket.once('connect', () => (socket.destroy(), resolve(true)));
      socket.once('error', () => resolve(false));
    });
    if (open) return;
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`no answer on port ${port} within ${timeoutMs} ms`);
}
