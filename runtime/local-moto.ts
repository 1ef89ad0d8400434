import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { freePort } from './free-port.js';

/** Where scripts/setup.d/moto.sh installs moto's server (its venv, else pip --user); TOLLGATE_MOTO_SERVER overrides. */
export function motoServerPath(): string {
  const fromEnv = process.env.TOLLGATE_MOTO_SERVER;
  if (fromEnv) return fromEnv;
  const cache = process.env.TOLLGATE_CACHE ?? join(homedir(), '.cache', 'tollgate');
  const candidates = [join(cache, 'moto-venv', 'bin', 'moto_server'), join(homedir(), '.local', 'bin', 'moto_server')];
  const found = candidates.find((path) => existsSync(path));
  if (!found) throw new Error(`moto_server not found at ${candidates.join(' or ')}: run scripts/setup.d/moto.sh (make test does), or set TOLLGATE_MOTO_SERVER`);
  return found;
}

export interface LocalMoto {
  endpoint: string;
  stop(): Promise<void>;
}

/**
 * moto's server on a free loopback port, once it answers: the AWS the demo (`--cloud aws`) and
 * the tests talk to through the real SDKs. Its last stderr is kept for the error if it dies.
 */
export async function startLocalMoto(timeoutMs = 30_000): Promise<LocalMoto> {
  const port = await freePort();
  const child = spawn(motoServerPath(), ['-H', '127.0.0.1', '-p', String(port)], { stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => (stderr = (stderr + chunk.toString()).slice(-4000)));
  const endpoint = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`moto_server exited with ${child.exitCode}: ${stderr}`);
    const up = await fetch(`${endpoint}/moto-api/`).then(
      (r) => r.ok,
      () => false,
    );
    if (up) break;
    if (Date.now() > deadline) {
      child.kill();
      throw new Error(`moto_server did not answer on ${endpoint} within ${timeoutMs / 1000} s: ${stderr}`);
    }
    await new Promise((r) => setTimeout(r, 150));
  }
  return {
    endpoint,
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
}
