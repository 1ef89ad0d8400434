import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDevServer } from '../support/temporal.js';
import { temporalAddress } from '../support/tollgate-processes.js';
import { REPO } from '../support/world.js';
import type { DevServerEnvironment } from '../../evals/harness/dev-server.js';

/** `tollgate serve` as a process: it prints the URL it serves, and that URL answers. */
describe('tollgate serve', () => {
  let temporal: DevServerEnvironment;
  let serve: ChildProcess | undefined;
  beforeAll(async () => {
    temporal = await startDevServer();
  }, 120_000);
  afterAll(async () => {
    serve?.kill('SIGTERM');
    await temporal?.teardown();
  });

  it('listens on a loopback port, prints http://localhost:PORT/, and sends a browser that has not signed in to /login', async () => {
    const env = { ...process.env, TOLLGATE_HOME: mkdtempSync(join(tmpdir(), 'tollgate-serve-')), TEMPORAL_ADDRESS: temporalAddress(temporal) };
    const child = (serve = spawn(process.execPath, [join(REPO, 'bin/tollgate.mjs'), 'serve', '--port', '0'], { env, stdio: ['ignore', 'pipe', 'pipe'] }));
    let output = '';
    child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
    const url = await new Promise<string>((resolve, reject) => {
      child.stdout!.on('data', (chunk: Buffer) => {
        output += chunk.toString();
        const found = /console: (http:\/\/localhost:\d+\/)/.exec(output);
        if (found) resolve(found[1]!);
      });
      child.once('exit', (code) => reject(new Error(`serve exited ${code}: ${output}`)));
    });
    const home = await fetch(url, { redirect: 'manual' });
    expect(home.status).toBe(303);
    expect(home.headers.get('location')).toBe('/login?next=%2F');
    const login = await fetch(new URL('/login', url));
    expect(login.status).toBe(200);
    expect(login.headers.get('content-security-policy')).toContain("default-src 'none'");
    expect(await login.text()).toContain('Sign in with your passkey');
  });

  it('refuses a port that is not one, naming it', async () => {
    const child = spawn(process.execPath, [join(REPO, 'bin/tollgate.mjs'), 'serve', '--port', 'http'], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
    expect(code).not.toBe(0);
    expect(stderr).toContain('--port must be a whole number from 0 to 65535, not "http"');
  });
});
