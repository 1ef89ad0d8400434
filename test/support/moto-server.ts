import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createServer } from 'node:net';
import { homedir } from 'node:os';
import { join } from 'node:path';

/** Where scripts/setup.d/moto.sh installs moto's server (its venv, else pip --user); TOLLGATE_MOTO_SERVER overrides. */
export function motoServerPath(): string {
  const fromEnv = process.env.TOLLGATE_MOTO_SERVER;
  if (fromEnv) return fromEnv;
  const cache = process.env.TOLLGATE_CACHE ?? join(homedir(), '.cache', 'tollgate');
  const candidates = [join(cache, 'moto-venv', 'bin', 'moto_server'), join(homedir(), '.local', 'bin', 'moto_server')];
  const found = candidates.find((path) => existsSync(path));
  if (!found) throw new Error(`moto_server not found at ${candidates.join(' or ')}: run scripts/setup.d/moto.sh (or scripts/setup-test-services.sh)`);
  return found;
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}

export interface MotoServer {
  endpoint: string;
  stop(): Promise<void>;
}

/** Starts moto's server on 127.0.0.1 with a free port and waits until it answers. */
export async function startMotoServer(): Promise<MotoServer> {
  const port = await freePort();
  const child: ChildProcess = spawn(motoServerPath(), ['-H', '127.0.0.1', '-p', String(port)], { stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => (stderr = (stderr + chunk.toString()).slice(-4000)));
  const endpoint = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 30_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`moto_server exited with ${child.exitCode}: ${stderr}`);
    try {
      const res = await fetch(`${endpoint}/moto-api/`);
      if (res.ok) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) {
      child.kill();
      throw new Error(`moto_server did not answer on ${endpoint} within 30 s: ${stderr}`);
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
