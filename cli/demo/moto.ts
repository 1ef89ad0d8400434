import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createServer } from 'node:net';
import { homedir } from 'node:os';
import { join } from 'node:path';

/** Where scripts/setup.d/moto.sh installs moto's server (its venv, else pip --user); TOLLGATE_MOTO_SERVER overrides. */
function motoServerPath(): string {
  const cache = process.env.TOLLGATE_CACHE ?? join(homedir(), '.cache', 'tollgate');
  const candidates = [process.env.TOLLGATE_MOTO_SERVER, join(cache, 'moto-venv', 'bin', 'moto_server'), join(homedir(), '.local', 'bin', 'moto_server')];
  const found = candidates.find((path): path is string => Boolean(path && existsSync(path)));
  if (!found) throw new Error(`moto_server not found; install it with scripts/setup.d/moto.sh (make test does), or set TOLLGATE_MOTO_SERVER`);
  return found;
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}

/** A moto server on a free loopback port for `tollgate demo --cloud aws`; stop() ends it. */
export async function startMoto(): Promise<{ endpoint: string; stop: () => void }> {
  const port = await freePort();
  const child = spawn(motoServerPath(), ['-H', '127.0.0.1', '-p', String(port)], { stdio: 'ignore' });
  const endpoint = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 30_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`moto_server exited with ${child.exitCode}`);
    const up = await fetch(`${endpoint}/moto-api/`).then(
      (r) => r.ok,
      () => false,
    );
    if (up) return { endpoint, stop: () => child.kill('SIGTERM') };
    if (Date.now() > deadline) {
      child.kill();
      throw new Error(`moto_server did not answer on ${endpoint} within 30 s`);
    }
    await new Promise((r) => setTimeout(r, 150));
  }
}
