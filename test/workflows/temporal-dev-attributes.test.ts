import { execFile, execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { SEARCH_ATTRIBUTES } from '../../core/index.js';
import { freePort } from '../../runtime/free-port.js';
import { REPO } from '../support/world.js';

const run = promisify(execFile);

/**
 * `temporal server start-dev --search-attribute` registers attributes only when it creates its
 * database. A `make temporal` state directory from before an attribute existed must still get it.
 */
describe('scripts/temporal-dev.sh on an older temporal.db', () => {
  it('registers every Tollgate search attribute the database lacks', async () => {
    const cli = execFileSync(join(REPO, 'scripts/temporal-cli.sh'), { encoding: 'utf8' }).trim();
    const home = mkdtempSync(join(tmpdir(), 'tollgate-old-db-'));
    const [port, uiPort] = [await freePort(), await freePort()];
    const address = `127.0.0.1:${port}`;
    const attributes = async () => (await run(cli, ['operator', 'search-attribute', 'list', '--address', address])).stdout;

    // A database made by a server that knew one attribute only.
    const old = spawn(
      cli,
      [
        'server',
        'start-dev',
        '--ip',
        '127.0.0.1',
        '--port',
        String(port),
        '--headless',
        '--db-filename',
        join(home, 'temporal.db'),
        '--search-attribute',
        'TollgateState=Keyword',
      ],
      { stdio: 'ignore' },
    );
    const deadline = Date.now() + 60_000;
    for (;;) {
      const listed = await attributes().catch(() => '');
      if (listed.includes('TollgateState')) break;
      if (Date.now() > deadline) throw new Error('the first dev server did not start');
      await new Promise((r) => setTimeout(r, 500));
    }
    expect(await attributes()).not.toContain(SEARCH_ATTRIBUTES.scope);
    await new Promise<void>((resolve) => {
      old.once('exit', () => resolve());
      old.kill('SIGTERM');
    });

    await run(join(REPO, 'scripts/temporal-dev.sh'), [], {
      env: { ...process.env, TOLLGATE_HOME: home, TEMPORAL_PORT: String(port), TEMPORAL_UI_PORT: String(uiPort) },
    });
    const pid = Number(readFileSync(join(home, 'temporal-dev.pid'), 'utf8'));
    try {
      const listed = await attributes();
      for (const name of Object.values(SEARCH_ATTRIBUTES)) expect(listed, name).toContain(name);
    } finally {
      process.kill(pid, 'SIGTERM');
    }
  }, 180_000);
});
