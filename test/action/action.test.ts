import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { parse } from 'yaml';

interface Step {
  name: string;
  id?: string;
  run?: string;
  if?: string;
}
const action = parse(readFileSync('action.yml', 'utf8')) as { runs: { using: string; steps: Step[] } };
const step = (id: string) => action.runs.steps.find((s) => s.id === id)!;

/** Runs one of the Action's bash steps the way the runner does (bash -eo pipefail), with its env given directly. */
function runStep(script: string, env: Record<string, string>) {
  const dir = mkdtempSync(join(tmpdir(), 'tollgate-action-'));
  const files = { RUNNER_TEMP: dir, GITHUB_OUTPUT: join(dir, 'output'), GITHUB_STEP_SUMMARY: join(dir, 'summary') };
  writeFileSync(files.GITHUB_OUTPUT, '');
  writeFileSync(files.GITHUB_STEP_SUMMARY, '');
  const run = spawnSync('bash', ['--noprofile', '--norc', '-eo', 'pipefail', '-c', script], {
    encoding: 'utf8',
    env: { ...process.env, TOLLGATE_POLICY: '', ...files, ...env },
  });
  const outputs = Object.fromEntries(
    readFileSync(files.GITHUB_OUTPUT, 'utf8')
      .split('\n')
      .filter(Boolean)
      .map((l) => l.split('=', 2) as [string, string]),
  );
  return { code: run.status, stderr: run.stderr, outputs, summary: readFileSync(files.GITHUB_STEP_SUMMARY, 'utf8') };
}

describe('action.yml', () => {
  it('is a composite action whose steps call only the CLI, the setup script and the comment script', () => {
    expect(action.runs.using).toBe('composite');
    const runs = action.runs.steps.map((s) => s.run ?? '');
    expect(runs.join('\n')).not.toMatch(/\b(npx|python|pip|docker|wget)\b/);
    expect(step('check').run).toContain('node "$TOLLGATE" "${args[@]}"');
    expect(runs.some((r) => r.includes('scripts/github-pr-comment.sh'))).toBe(true);
  });

  it('the check step writes the comment, reports exit 1 on violations and leaves failing to the last step', () => {
    const run = runStep(step('check').run!, {
      PLAN: 'test/fixtures/terraform/violations.plan.json',
      POLICY: '',
      REGO: 'policies\n',
      TOLLGATE: resolve('bin/tollgate.mjs'),
    });
    expect(run.code).toBe(0);
    expect(run.outputs['exit-code']).toBe('1');
    const comment = readFileSync(run.outputs['comment-file']!, 'utf8');
    expect(comment.split('\n')[0]).toBe('<!-- tollgate-policy-check plan=test/fixtures/terraform/violations.plan.json -->');
    expect(comment).toContain('| ❌ error | aws\\_instance.etl | rego: data.tollgate.tags.deny (required-tags) |');
    expect(run.summary).toBe(comment);
  }, 120_000);

  it('the check step itself fails when the check cannot run (exit 2)', () => {
    const run = runStep(step('check').run!, { PLAN: 'no-such-plan.json', POLICY: '', REGO: '', TOLLGATE: resolve('bin/tollgate.mjs') });
    expect(run.code).toBe(2);
    expect(run.outputs['exit-code']).toBe('2');
  }, 120_000);
});

/**
 * The comment script against a loopback stand-in for GitHub's REST API (the three issue-comment
 * endpoints it calls): GitHub itself cannot be reached from here.
 */
describe('scripts/github-pr-comment.sh', () => {
  let server: Server | undefined;
  afterEach(() => new Promise<void>((r) => (server ? server.close(() => r()) : r())));

  async function fakeGitHub(comments: { id: number; body: string }[]) {
    const calls: string[] = [];
    server = createServer(async (req: IncomingMessage, res) => {
      const url = new URL(req.url!, 'http://x');
      calls.push(`${req.method} ${url.pathname}${url.search}`);
      if (req.headers.authorization !== 'Bearer t0ken') return void res.writeHead(401).end('{}');
      const body = await new Promise<string>((r) => {
        let text = '';
        req.on('data', (c: Buffer) => (text += c.toString()));
        req.on('end', () => r(text));
      });
      if (req.method === 'GET' && url.pathname === '/repos/acme/infra/issues/7/comments') {
        const page = Number(url.searchParams.get('page'));
        const size = 2; // small pages, so the script must page through
        return void res.end(JSON.stringify(comments.slice((page - 1) * size, page * size)));
      }
      if (req.method === 'POST' && url.pathname === '/repos/acme/infra/issues/7/comments') {
        comments.push({ id: 100 + comments.length, body: (JSON.parse(body) as { body: string }).body });
        return void res.writeHead(201).end('{}');
      }
      const patch = /^\/repos\/acme\/infra\/issues\/comments\/(\d+)$/.exec(url.pathname);
      if (req.method === 'PATCH' && patch) {
        comments.find((c) => c.id === Number(patch[1]))!.body = (JSON.parse(body) as { body: string }).body;
        return void res.end('{}');
      }
      res.writeHead(404).end('{}');
    });
    await new Promise<void>((r) => server!.listen(0, '127.0.0.1', r));
    return { url: `http://127.0.0.1:${(server!.address() as AddressInfo).port}`, calls };
  }

  /** Asynchronous, so the loopback server in this process can answer while the script runs. */
  function post(api: string, body: string, token = 't0ken'): Promise<{ status: number | null }> {
    const file = join(mkdtempSync(join(tmpdir(), 'tollgate-comment-')), 'comment.md');
    writeFileSync(file, body);
    const child = spawn('bash', ['scripts/github-pr-comment.sh', file], {
      stdio: 'ignore',
      env: { ...process.env, GITHUB_API_URL: api, GITHUB_TOKEN: token, GITHUB_REPOSITORY: 'acme/infra', PR_NUMBER: '7' },
    });
    return new Promise((resolve) => child.once('exit', (status) => resolve({ status })));
  }

  it('posts once, then updates the same comment; other comments and other plans are left alone', async () => {
    const marker = '<!-- tollgate-policy-check plan=plan.json -->';
    const comments = [
      { id: 1, body: 'LGTM' },
      { id: 2, body: 'quoting it: <!-- tollgate-policy-check plan=plan.json --> is not first' },
      { id: 3, body: '<!-- tollgate-policy-check plan=other.json -->\nother plan' },
    ];
    const github = await fakeGitHub(comments);
    expect((await post(github.url, `${marker}\nfirst`)).status).toBe(0);
    expect(comments.map((c) => c.id)).toEqual([1, 2, 3, 103]);
    expect((await post(github.url, `${marker}\nsecond`)).status).toBe(0);
    expect(comments).toHaveLength(4);
    expect(comments[3]).toEqual({ id: 103, body: `${marker}\nsecond` });
    expect(comments.slice(0, 3).map((c) => c.body)).toEqual(['LGTM', comments[1]!.body, '<!-- tollgate-policy-check plan=other.json -->\nother plan']);
    expect(github.calls).toContain('PATCH /repos/acme/infra/issues/comments/103');
  });

  it('refuses a body without the marker and fails on an API error', async () => {
    const github = await fakeGitHub([]);
    const unmarked = await post(github.url, 'hello');
    expect(unmarked.status).toBe(2);
    expect(github.calls).toEqual([]);
    const denied = await post(github.url, '<!-- tollgate-policy-check plan=p -->\n', 'wrong');
    expect(denied.status).not.toBe(0);
    expect(github.calls).toHaveLength(1);
  });
});
