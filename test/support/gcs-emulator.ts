import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync } from 'node:fs';
import { homedir, tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from '../../runtime/free-port.js';

/** Where scripts/setup.d/gcp-storage-emulator.sh installs it (its venv, else pip --user); TOLLGATE_GCS_EMULATOR overrides. */
export function gcsEmulatorPath(): string {
  const fromEnv = process.env.TOLLGATE_GCS_EMULATOR;
  if (fromEnv) return fromEnv;
  const cache = process.env.TOLLGATE_CACHE ?? join(homedir(), '.cache', 'tollgate');
  const candidates = [join(cache, 'gcp-storage-emulator-venv', 'bin', 'gcp-storage-emulator'), join(homedir(), '.local', 'bin', 'gcp-storage-emulator')];
  const found = candidates.find((path) => existsSync(path));
  if (!found)
    throw new Error(
      `gcp-storage-emulator not found at ${candidates.join(' or ')}: run scripts/setup.d/gcp-storage-emulator.sh (make test does), or set TOLLGATE_GCS_EMULATOR`,
    );
  return found;
}

export interface GcsEmulator {
  /** http://127.0.0.1:<port>: the apiEndpoint a `gcs` source and the test's own client use */
  endpoint: string;
  stop(): Promise<void>;
}

/**
 * gcp-storage-emulator (PyPI) on a free loopback port, in memory, once it answers: a real HTTP
 * server speaking the Cloud Storage JSON API (list, media download with x-goog-hash, uploads).
 * It ignores the Authorization header; the credentials path is exercised by the loopback
 * metadata server (test/support/gce-metadata-server.ts).
 */
export async function startGcsEmulator(buckets: readonly string[] = [], timeoutMs = 30_000): Promise<GcsEmulator> {
  const port = await freePort();
  const child = spawn(gcsEmulatorPath(), ['start', '--host', '127.0.0.1', '--port', String(port), '--in-memory', '--quiet'], {
    // Nothing it might write lands in the checkout.
    cwd: mkdtempSync(join(tmpdir(), 'tollgate-gcs-')),
    env: ownClock(process.env),
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => (stderr = (stderr + chunk.toString()).slice(-4000)));
  const endpoint = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`gcp-storage-emulator exited with ${child.exitCode}: ${stderr}`);
    const up = await fetch(`${endpoint}/storage/v1/b`).then(
      (r) => r.ok,
      () => false,
    );
    if (up) break;
    if (Date.now() > deadline) {
      child.kill();
      throw new Error(`gcp-storage-emulator did not answer on ${endpoint} within ${timeoutMs / 1000} s: ${stderr}`);
    }
    await new Promise((r) => setTimeout(r, 150));
  }
  for (const name of buckets) {
    const created = await fetch(`${endpoint}/storage/v1/b?project=test`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ name }),
    });
    if (!created.ok) throw new Error(`gcp-storage-emulator: creating bucket ${name}: HTTP ${created.status} ${await created.text()}`);
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

/**
 * The emulator stands for Google's servers, which keep their own clock: under the year-ahead run
 * (scripts/test-next-year.sh) libfaketime's shifted clock_nanosleep makes its serve loop's
 * time.sleep fail with EINVAL, so it runs on the real clock while Tollgate's side runs ahead.
 */
function ownClock(env: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  const preload = (env.LD_PRELOAD ?? '')
    .split(/[:\s]+/)
    .filter((lib) => lib && !/libfaketime/.test(lib))
    .join(':');
  const own = Object.fromEntries(Object.entries(env).filter(([key]) => !key.startsWith('FAKETIME')));
  if (preload) own.LD_PRELOAD = preload;
  else delete own.LD_PRELOAD;
  return own;
}
