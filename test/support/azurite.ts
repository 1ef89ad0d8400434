import { spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { freePort } from '../../runtime/free-port.js';

export interface Azurite {
  /** the development account's connection string, pointing at this server */
  connectionString: string;
  stop(): Promise<void>;
}

// Azurite's published development account (https://learn.microsoft.com/azure/storage/common/storage-use-azurite).
const ACCOUNT = 'devstoreaccount1';
const KEY = 'Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==';

/** Azurite's Blob service (from npm) on a free loopback port, in memory, once it answers. */
export async function startAzurite(timeoutMs = 30_000): Promise<Azurite> {
  const port = await freePort();
  const bin = resolve(process.cwd(), 'node_modules/.bin/azurite-blob');
  // In memory; run from a scratch folder so nothing it might write lands in the checkout.
  const child = spawn(bin, ['--blobHost', '127.0.0.1', '--blobPort', String(port), '--inMemoryPersistence', '--skipApiVersionCheck'], {
    cwd: mkdtempSync(join(tmpdir(), 'tollgate-azurite-')),
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => (stderr = (stderr + chunk.toString()).slice(-4000)));
  const endpoint = `http://127.0.0.1:${port}/${ACCOUNT}`;
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`azurite-blob exited with ${child.exitCode}: ${stderr}`);
    // Any HTTP answer (even 400 for an unsigned request) means it is listening.
    const up = await fetch(`${endpoint}?comp=list`).then(
      () => true,
      () => false,
    );
    if (up) break;
    if (Date.now() > deadline) {
      child.kill();
      throw new Error(`azurite-blob did not answer on ${endpoint} within ${timeoutMs / 1000} s: ${stderr}`);
    }
    await new Promise((r) => setTimeout(r, 150));
  }
  return {
    connectionString: `DefaultEndpointsProtocol=http;AccountName=${ACCOUNT};AccountKey=${KEY};BlobEndpoint=${endpoint};`,
    stop: () =>
      new Promise<void>((done) => {
        if (child.exitCode !== null) return done();
        child.once('exit', () => done());
        child.kill('SIGTERM');
      }),
  };
}
