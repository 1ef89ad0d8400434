import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { connect } from 'node:net';
import { join } from 'node:path';
import { REPO_ROOT } from '../../runtime/config.js';

export function portOpen(address: string): Promise<boolean> {
  const [host, port] = address.split(':');
  return new Promise((resolve) => {
    const socket = connect({ host: host ?? '127.0.0.1', port: Number(port) });
    socket.once('connect', () => (socket.destroy(), resolve(true)));
    socket.once('error', () => resolve(false));
  });
}

/** Starts the Temporal dev server unless one already answers; returns whether we started it. */
export async function ensureTemporal(address: string, home: string): Promise<{ startedHere: boolean; pid?: number }> {
  if (await portOpen(address)) return { startedHere: false };
  const [, port] = address.split(':');
  const result = spawnSync(join(REPO_ROOT, 'scripts/temporal-dev.sh'), {
    stdio: ['ignore', 'inherit', 'inherit'],
    env: { ...process.env, TOLLGATE_HOME: home, TEMPORAL_PORT: port },
  });
  if (result.status !== 0) throw new Error(`the Temporal dev server did not start (see ${home}/temporal-dev.log)`);
  const { readFileSync } = await import('node:fs');
  return { startedHere: true, pid: Number(readFileSync(join(home, 'temporal-dev.pid'), 'utf8')) };
}

/** Runs `tollgate worker --queue Q` as its own process, as production would. */
export function spawnWorker(queue: 'analysis' | 'actions', env: NodeJS.ProcessEnv, logFile: string): Promise<ChildProcess> {
  return import('node:fs').then(({ openSync }) => {
    const out = openSync(logFile, 'a');
    const child = spawn(process.execPath, [join(REPO_ROOT, 'bin/tollgate.mjs'), 'worker', '--queue', queue], { env, stdio: ['ignore', out, out] });
    return child;
  });
}
