import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { parseEstate } from '../../clouds/sandbox/estate.js';
import { SandboxCloud } from '../../clouds/sandbox/sandbox-cloud.js';
import type { Action, Finding } from '../../core/index.js';
import { ticketFor } from '../support/cloud-tickets.js';
import { REPO } from '../support/world.js';

const run = promisify(execFile);
const ESTATE = join(REPO, 'clouds/sandbox/fixtures/sample-estate.json');

describe('tollgate detect rightsizing reads the configured clouds live', () => {
  it('shows a VM at the size a change left it, and leaves out one excluded by tag', async () => {
    const home = mkdtempSync(join(tmpdir(), 'tollgate-detect-live-'));
    // The demo's shared sandbox state, after the actions worker resized the web VM.
    const cloud = new SandboxCloud(parseEstate(readFileSync(ESTATE, 'utf8'), ESTATE), { statePath: join(home, 'sandbox-state.json') });
    const resize: Action = {
      type: 'resize',
      provider: 'sandbox',
      resourceId: 'i-0web0overprov01',
      region: 'us-east-1',
      fromSku: 'm5.2xlarge',
      toSku: 'm5.large',
    };
    await cloud.apply(resize, ticketFor(resize));
    const config = join(home, 'tollgate.yaml');
    writeFileSync(config, `clouds:\n  sandbox: { estate: ${ESTATE} }\n`);

    const env = { ...process.env, TOLLGATE_HOME: home, TOLLGATE_LOG_LEVEL: 'silent' };
    const out = await run(process.execPath, [join(REPO, 'bin/tollgate.mjs'), 'detect', 'rightsizing', '--config', config, '--json'], { env, cwd: REPO });
    const { findings, excluded } = JSON.parse(out.stdout) as { findings: Finding[]; excluded: string[] };
    const web = findings.find((f) => f.resourceId === 'i-0web0overprov01');
    expect(web === undefined || web.currentSku === 'm5.large').toBe(true);
    expect(findings.map((f) => f.resourceId)).not.toContain('i-0ledger0db0003');
    expect(excluded).toContain('i-0ledger0db0003');
    // The static file alone still says m5.2xlarge: the command did not read it as it is.
    const fromFile = await run(process.execPath, [join(REPO, 'bin/tollgate.mjs'), 'detect', 'rightsizing', '--estate', ESTATE, '--json'], { env, cwd: REPO });
    const stale = (JSON.parse(fromFile.stdout) as { findings: Finding[] }).findings.find((f) => f.resourceId === 'i-0web0overprov01');
    expect(stale?.currentSku).toBe('m5.2xlarge');
  }, 180_000);
});
