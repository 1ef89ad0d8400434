import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { WorkflowHandle } from '@temporalio/client';
import type { Browser, ConsoleMessage, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RIGHTSIZER_ID } from '../../agents/rightsizing-graph.js';
import { weeklyReportSource, type RunningConsole } from '../../runtime/console.js';
import { dashboardCharts, dashboardData } from '../../reports/index.js';
import { CHART_PROBE, TEXT_OVERFLOW_PROBE, type ChartCounts, type TextOverflow } from '../support/chromium-probes.js';
import { launchChromiumBrowser } from '../support/chromium-browser.js';
import { startConsoleFor } from '../support/console.js';
import { findingFor, startFinding, startLoop, waitFor, type Loop } from '../support/loop.js';
import { parse as parseYaml } from 'yaml';
import { EnrolledPasskeySchema } from '../../core/index.js';
import { addVirtualAuthenticator } from '../support/virtual-authenticator.js';
import { REPO, sampleEstate } from '../support/world.js';
import type { Policy } from '../../guardrails/index.js';
import { pendingQuery } from '../../workflows/messages.js';
import { anomalyQuery } from '../../workflows/anomaly-messages.js';
import { writeBill } from '../support/incident-warehouse.js';

const PROD = 'i-0api0prod00004';
const WEB = 'i-0web0overprov01';
const BATCH = 'i-0batch0worker02';
const ALICE = 'approver@example.com';
const BOB = 'second@example.com';
const ARTIFACTS = join(REPO, 'test-artifacts/console');
const HOSTILE_OWNER = '<script>alert("owner")</script><img src=x onerror="alert(1)">data-eng';

/** The answer the page's script wrote after a passkey step (not its "touch your passkey…" prompt). */
async function answerIn(page: Page, selector: string): Promise<{ text: string; ok: boolean }> {
  const element = page.locator(selector);
  for (const deadline = Date.now() + 30_000; Date.now() < deadline; await new Promise((r) => setTimeout(r, 100))) {
    const text = (await element.textContent()) ?? '';
    if (text !== '' && !text.endsWith('…')) return { text, ok: (await element.getAttribute('class')) === 'ok' };
  }
  throw new Error(`${selector} showed no answer in 30 s`);
}

describe('tollgate serve: the console in Chromium with virtual passkeys', () => {
  let loop: Loop;
  let browser: Browser;
  let served: RunningConsole;
  let alice: Page;
  let bob: Page;
  const started: Record<string, WorkflowHandle> = {};
  const dialogs: string[] = [];

  beforeAll(async () => {
    mkdirSync(ARTIFACTS, { recursive: true });
    [loop, browser] = await Promise.all([startLoop(), launchChromiumBrowser()]);
    // Tags are untrusted text: the batch worker's owner tag carries markup that must show as text.
    const estate = sampleEstate();
    estate.resources.find((r) => r.id === BATCH)!.tags.owner = HOSTILE_OWNER;
    loop.world.reset(estate);
    served = await startConsoleFor(loop);
    // The policy names this console as the passkeys' relying party (approvals.passkeys).
    loop.world.policy = withConsole(loop.world.policy);
  }, 120_000);
  afterAll(async () => {
    await served?.close();
    await browser?.close();
    await loop?.stop();
  });

  const withConsole = (policy: Policy): Policy => ({
    ...policy,
    approvals: { ...policy.approvals, passkeys: { ...policy.approvals.passkeys, rpId: 'localhost', origins: [served.url.replace(/\/$/, '')] } },
  });

  /** One person's browser with their own authenticator: registers a passkey, has it approved, signs in. */
  async function approverBrowser(approver: string): Promise<Page> {
    const context = await browser.newContext({ viewport: { width: 1300, height: 1400 } });
    const page = await context.newPage();
    page.on('dialog', (dialog) => {
      dialogs.push(dialog.message());
      void dialog.dismiss();
    });
    const authenticator = await addVirtualAuthenticator(page);
    await page.goto(`${served.url}enroll`);
    await page.getByLabel('Approver id').fill(approver);
    await page.getByRole('button', { name: 'Register a passkey' }).click();
    const registered = await answerIn(page, '#enroll-result');
    expect(registered.text).toContain("waits for an admin's approval");
    const [credentialId] = await authenticator.credentialIds();
    expect(registered.text).toContain(credentialId);
    const snippet = (await page.locator('#enroll-snippet').textContent())!;

    // Not approved yet: sign-in is refused.
    await page.goto(`${served.url}login`);
    await page.getByLabel('Approver id').fill(approver);
    await page.getByRole('button', { name: 'Sign in' }).click();
    expect((await answerIn(page, '#login-result')).text).toContain(`no approved passkey for ${approver}`);

    // The admin approves by pasting the page's lines into the policy.
    const entry = (parseYaml(snippet) as Record<string, { role: string; passkeys: unknown[] }>)[approver]!;
    const policy = loop.world.policy;
    const approvers = {
      ...policy.approvals.approvers,
      [approver]: { ...policy.approvals.approvers[approver]!, role: entry.role, passkeys: entry.passkeys.map((p) => EnrolledPasskeySchema.parse(p)) },
    };
    loop.world.policy = { ...policy, approvals: { ...policy.approvals, approvers } };
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.waitForURL(served.url);
    await page.getByText(`signed in as ${approver}`).waitFor();
    return page;
  }

  async function decideOnPage(page: Page, workflowId: string, decision: 'Approve' | 'Reject', reason: string) {
    await page.goto(`${served.url}requests/${encodeURIComponent(workflowId)}`);
    await page.getByLabel('Reason').fill(reason);
    await page.getByRole('button', { name: decision, exact: true }).click();
    return answerIn(page, '#decision-result');
  }

  /** A real DuckDB warehouse with a 60-day bill (2025-01-06 on) and one spike, for the anomalies and the dashboards. */
  async function ensureBill(): Promise<void> {
    if (loop.world.warehousePath) return;
    const path = join(loop.world.dir, 'warehouse.duckdb');
    await writeBill(path, {
      start: '2025-01-06',
      days: 60,
      lines: [
        { resource: WEB, service: 'Amazon Elastic Compute Cloud', team: 'web', dailyUsd: 300 },
        { resource: 'db-orders', service: 'Amazon Relational Database Service', team: 'payments', dailyUsd: 250 },
      ],
      events: [{ resource: WEB, fromDay: 50, days: 1, factor: 1.6 }],
    });
    loop.world.warehousePath = path;
  }

  it('guards every request: sign-in first, CSP on every answer, no POST without the CSRF token or from another origin', async () => {
    const origin = served.url.replace(/\/$/, '');
    const anonymous = await fetch(served.url, { redirect: 'manual' });
    expect(anonymous.status).toBe(303);
    expect(anonymous.headers.get('location')).toBe('/login?next=%2F');
    expect(anonymous.headers.get('content-security-policy')).toContain("script-src 'self'");
    expect(anonymous.headers.get('set-cookie')).toMatch(/HttpOnly; SameSite=Strict/);

    const byIp = await fetch(served.url.replace('localhost', '127.0.0.1'), { redirect: 'manual' });
    expect(byIp.status).toBe(303);
    expect(byIp.headers.get('location')).toBe(served.url);

    const cookie = anonymous.headers.get('set-cookie')!.split(';')[0]!;
    const post = (headers: Record<string, string>) =>
      fetch(`${origin}/login/options`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', cookie, ...headers },
        body: JSON.stringify({ approver: ALICE }),
      });
    expect((await post({})).status).toBe(403);
    expect(((await (await post({ 'x-csrf-token': 'guessed' })).json()) as { error: string }).error).toMatch(/CSRF token/);
    expect((await post({ origin: 'http://evil.example' })).status).toBe(403);
  });

  it('registers passkeys, signs in and lists the queue with its triage columns, filters and sorting', async () => {
    [alice, bob] = await Promise.all([approverBrowser(ALICE), approverBrowser(BOB)]);
    const prod = (started.prod = await startFinding(loop, await findingFor(loop.world, PROD)));
    const web = (started.web = await startFinding(loop, await findingFor(loop.world, WEB)));
    const batch = (started.batch = await startFinding(loop, await findingFor(loop.world, BATCH)));
    await Promise.all([waitFor(prod, ['AwaitingApproval']), waitFor(web, ['AwaitingApproval']), waitFor(batch, ['AwaitingApproval'])]);
    expect(bob.url()).toBe(served.url);

    await alice.goto(served.url);
    const prodRow = alice.locator(`tr[data-workflow-id="${prod.workflowId}"]`);
    const cells = await prodRow.locator('td').allTextContents();
    expect(cells[0]).toContain(PROD);
    expect(cells[1]).toContain('sandbox');
    expect(cells[2]).toMatch(/m5\.4xlarge → /);
    expect(cells[3]).toMatch(/^\$[\d,]+\.\d\d$/);
    expect(cells[5]).toBe('prod');
    expect(cells[6]).toContain('api-oncall@example.com');
    expect(cells[9]).toBe('0/2');
    await alice.screenshot({ path: join(ARTIFACTS, 'queue.png'), fullPage: true });

    await alice.goto(`${served.url}?env=prod`);
    expect(await alice.locator('tbody tr').count()).toBe(1);
    await alice.goto(`${served.url}?sort=monthly&dir=asc`);
    const amounts = (await alice.locator('tbody tr td:nth-child(4)').allTextContents()).map((t) => Number(t.replace(/[$,]/g, '')));
    expect(amounts).toEqual([...amounts].sort((a, b) => a - b));

    // The owner tag's markup is text on the page: no script ran, no image was made.
    await alice.goto(`${served.url}?q=batch`);
    expect(await alice.locator(`tr[data-workflow-id="${batch.workflowId}"] td:nth-child(7)`).textContent()).toContain(HOSTILE_OWNER);
    expect(await alice.locator('main img').count()).toBe(0);
    expect(dialogs).toEqual([]);
  });

  it('shows the evidence: every check with its numbers, the utilization chart, the dry-run plan, the hash and the audit trail', async () => {
    const view = await waitFor(started.prod!, ['AwaitingApproval']);
    await alice.goto(`${served.url}requests/${started.prod!.workflowId}`);
    await alice.getByText(view.proposalHash!).waitFor();
    const checkRows = alice.locator('table.checks tbody tr');
    expect(await checkRows.count()).toBe(view.checks.length);
    for (const check of view.checks) await alice.locator('table.checks').getByText(`${check.check}@${check.version}`).waitFor();
    expect(await alice.locator('figure.chart svg rect').count()).toBeGreaterThanOrEqual(5);
    expect(await alice.locator('ol.plan li').count()).toBe(view.plan!.steps.length);
    const trail = await alice.locator('table.audit tbody tr td:nth-child(3)').allTextContents();
    expect(trail).toEqual(expect.arrayContaining(['propose', 'check', 'notify']));
    await alice.screenshot({ path: join(ARTIFACTS, 'request-prod.png'), fullPage: true });
  });

  it('approves a production change with two distinct passkeys, one assertion per decision, and it executes', async () => {
    const handle = started.prod!;
    const first = await decideOnPage(alice, handle.workflowId, 'Approve', 'agreed in the capacity review');
    expect(first).toEqual({ ok: true, text: `Approved as ${ALICE} (1/2 approvals).` });
    await alice.screenshot({ path: join(ARTIFACTS, 'approved-1-of-2.png'), fullPage: true });
    // One person counts once, whatever their passkey says.
    expect(await decideOnPage(alice, handle.workflowId, 'Approve', 'again')).toEqual({ ok: false, text: `${ALICE} has already decided on this proposal` });

    const second = await decideOnPage(bob, handle.workflowId, 'Approve', 'platform agrees');
    expect(second).toEqual({ ok: true, text: `Approved as ${BOB} (2/2 approvals).` });
    const done = await waitFor(handle, ['Executed', 'Aborted', 'RolledBack']);
    expect(done.state).toBe('Executed');
    expect(done.approvals.map((a) => a.approver)).toEqual([ALICE, BOB]);
    // Two passkeys, each an assertion over its own decision; no SSH signature involved.
    expect(new Set(done.approvals.map((a) => a.passkey?.credentialId)).size).toBe(2);
    expect(done.approvals.every((a) => a.signature === undefined)).toBe(true);
    expect(loop.world.cloud.changesOf(PROD)).toHaveLength(1);
    await bob.goto(`${served.url}requests/${handle.workflowId}`);
    await bob.locator('.state', { hasText: 'Executed' }).waitFor();
    expect(await bob.locator('#decide').count()).toBe(0);
    await bob.screenshot({ path: join(ARTIFACTS, 'executed.png'), fullPage: true });
  });

  it('a signed-in session alone cannot decide: without an assertion over that decision it is refused', async () => {
    const handle = started.web!;
    const view = await waitFor(handle, ['AwaitingApproval']);
    const origin = served.url.replace(/\/$/, '');
    await alice.goto(served.url);
    const csrf = (await alice.locator('meta[name="csrf-token"]').getAttribute('content'))!;
    const post = (path: string, data: unknown) => alice.request.post(`${origin}${path}`, { headers: { 'x-csrf-token': csrf, origin }, data });
    const nothingAsked = await post(`/requests/${handle.workflowId}/decide`, { response: {} });
    expect(nothingAsked.status()).toBe(409);
    expect(((await nothingAsked.json()) as { error: string }).error).toContain('no decision is being signed here');

    expect((await post(`/requests/${handle.workflowId}/challenge`, { decision: 'approve', reason: '', proposalHash: view.proposalHash })).status()).toBe(200);
    const b64 = (n: number) => Buffer.alloc(n, 1).toString('base64url');
    const forged = {
      id: b64(16),
      rawId: b64(16),
      type: 'public-key',
      clientExtensionResults: {},
      response: { clientDataJSON: b64(40), authenticatorData: b64(37), signature: b64(64) },
    };
    const refused = await post(`/requests/${handle.workflowId}/decide`, { response: forged });
    expect(refused.status()).toBe(409);
    expect(((await refused.json()) as { error: string }).error).toMatch(/decision refused .*passkey/);
    expect((await handle.query(pendingQuery)).approvals).toEqual([]);
  });

  it('rejects with a reason; markup in the reason is shown as text', async () => {
    const handle = started.web!;
    expect(await decideOnPage(alice, handle.workflowId, 'Reject', '')).toEqual({
      ok: false,
      text: 'say why you reject: the reason goes to the owner and the audit log',
    });
    const reason = 'batch window grows next month <img src=x onerror="alert(3)">';
    expect(await decideOnPage(alice, handle.workflowId, 'Reject', reason)).toEqual({ ok: true, text: `Rejected as ${ALICE} (0/1 approvals).` });
    const done = await waitFor(handle, ['Rejected']);
    expect(done.approvals).toMatchObject([{ decision: 'reject', approver: ALICE, reason }]);
    expect(loop.world.cloud.changesOf(WEB)).toEqual([]);
    await alice.goto(`${served.url}requests/${handle.workflowId}`);
    await alice.locator('.outcome', { hasText: `rejected by ${ALICE}: ${reason}` }).waitFor();
    expect(await alice.locator('main img').count()).toBe(0);
    expect(dialogs).toEqual([]);
    await alice.screenshot({ path: join(ARTIFACTS, 'rejected.png'), fullPage: true });
  });

  it('refuses self-approval on the page: the proposer may not approve its own change', async () => {
    // A policy that (wrongly) lists the rightsizing agent as an approver: the console still refuses it.
    const policy = loop.world.policy;
    loop.world.policy = {
      ...policy,
      approvals: { ...policy.approvals, approvers: { ...policy.approvals.approvers, [RIGHTSIZER_ID]: { role: 'finops', keys: [] } } },
    };
    const handle = await startFinding(loop, await findingFor(loop.world, 'i-0busy0cache007').catch(() => findingFor(loop.world, BATCH)));
    const view = await waitFor(handle, ['AwaitingApproval', 'Blocked']);
    expect(view.proposal!.proposer.id).toBe(RIGHTSIZER_ID);
    const agent = await approverBrowser(RIGHTSIZER_ID);
    const answer = await decideOnPage(agent, handle.workflowId, 'Approve', 'looks fine to me');
    expect(answer).toEqual({ ok: false, text: `${RIGHTSIZER_ID} proposed this change and cannot approve it` });
    await agent.screenshot({ path: join(ARTIFACTS, 'self-approval-refused.png'), fullPage: true });
    expect((await handle.query(pendingQuery)).approvals).toEqual([]);
    await agent.context().close();
    loop.world.policy = policy;
  });

  it("lists open cost anomalies and sends the signed-in owner's feedback to the AnomalyWorkflow", async () => {
    await ensureBill();
    const scan = (await loop.env.client.workflow.execute('anomalyScanWorkflow', {
      workflowId: `console-anomaly-scan-${Date.now()}`,
      taskQueue: 'tollgate-analysis',
      args: [{ trigger: 'test' }],
    })) as { started: string[] };
    expect(scan.started).toHaveLength(1);
    const workflowId = scan.started[0]!;
    const handle = loop.env.client.workflow.getHandle(workflowId);
    for (let view = await handle.query(anomalyQuery); view.state !== 'AwaitingFeedback'; view = await handle.query(anomalyQuery)) {
      await new Promise((r) => setTimeout(r, 100));
    }

    await alice.goto(`${served.url}anomalies`);
    const row = alice.locator(`tr[data-workflow-id="${workflowId}"]`);
    expect(await row.locator('td').nth(1).textContent()).toContain(`resource=${WEB}`);
    await row.getByLabel('Verdict').selectOption('planned');
    await row.getByLabel('Note').fill('load test <b>booked</b> for that day');
    await alice.screenshot({ path: join(ARTIFACTS, 'anomalies.png'), fullPage: true });
    await row.getByRole('button', { name: 'Send feedback' }).click();
    await alice.getByText(`Feedback sent for ${workflowId}.`).waitFor();
    const done = await handle.query(anomalyQuery);
    expect(done.feedback).toMatchObject({ verdict: 'planned', by: ALICE, note: 'load test <b>booked</b> for that day' });
  });

  it('shows the dashboards behind sign-in: every chart as inline SVG with alt text and axis titles, no text overflowing, no CSP refusal', async () => {
    await ensureBill();
    // The week with the bill's spike (day 50, 2025-02-25); the default week (ending today) has no bill rows.
    const week = '2025-03-01';
    const signedOut = await fetch(`${served.url}dashboards?weekEnding=${week}`, { redirect: 'manual' });
    expect(signedOut.status).toBe(303);
    expect(signedOut.headers.get('location')).toBe(`/login?next=${encodeURIComponent(`/dashboards?weekEnding=${week}`)}`);

    // What the page must show, gathered the way the weekly Schedule gathers it.
    const data = await weeklyReportSource({ warehousePath: () => loop.world.warehousePath!, audit: loop.world.audit, policy: () => loop.world.policy })(week);
    const expected = await dashboardCharts(dashboardData(data));
    expect(expected.map((c) => c.id)).toEqual(expect.arrayContaining(['cost-by-team-USD', 'top-movers-USD', 'anomaly-calendar']));

    const refused: string[] = [];
    const onConsole = (message: ConsoleMessage) => void (/Content Security Policy/i.test(message.text()) && refused.push(message.text()));
    alice.on('console', onConsole);
    try {
      await alice.goto(served.url);
      await alice.getByRole('link', { name: 'Dashboards' }).click();
      await alice.waitForURL(`${served.url}dashboards`);
      await alice.getByRole('heading', { name: 'Dashboards' }).waitFor();

      await alice.goto(`${served.url}dashboards?weekEnding=${week}`);
      await alice.getByText('2025-02-22 to 2025-02-28').first().waitFor();
      const counts = (await alice.evaluate(CHART_PROBE)) as ChartCounts;
      expect(counts.svgs).toBe(expected.length);
      expect(counts.bars).toBeGreaterThan(0);
      for (const chart of expected) {
        const svg = alice.locator(`figure#figure-${chart.id} > svg[role="img"]`);
        expect(await svg.locator('title').textContent()).toBe(chart.title);
        expect(await svg.locator('desc').textContent()).toBe(chart.altText);
        expect(await alice.locator(`figure#figure-${chart.id} figcaption`).textContent()).toBe(chart.altText);
        const axisTitles = (await svg.locator('g.role-axis-title text').allTextContents()).filter((t) => t.trim() !== '');
        expect(axisTitles.length, `${chart.id} axis titles`).toBeGreaterThanOrEqual(1);
      }
      expect(await alice.locator('figure#figure-cost-by-team-USD g.role-axis-title text').allTextContents()).toEqual(
        expect.arrayContaining(['Week starting', 'Cost (USD)']),
      );
      expect((await alice.evaluate(TEXT_OVERFLOW_PROBE)) as TextOverflow[]).toEqual([]);
      await alice.screenshot({ path: join(ARTIFACTS, 'dashboards.png'), fullPage: true });
      expect(refused).toEqual([]);
    } finally {
      alice.off('console', onConsole);
    }
  });

  it('serves the weekly report the Slack summary links to, with its charts and its own style allowed by hash', async () => {
    await ensureBill();
    const week = '2025-03-01';
    const signedOut = await fetch(`${served.url}reports/weekly`, { redirect: 'manual' });
    expect(signedOut.status).toBe(303);
    expect(signedOut.headers.get('location')).toBe(`/login?next=${encodeURIComponent('/reports/weekly')}`);

    const refused: string[] = [];
    const onConsole = (message: ConsoleMessage) => void (/Content Security Policy/i.test(message.text()) && refused.push(message.text()));
    alice.on('console', onConsole);
    try {
      const response = await alice.goto(`${served.url}reports/weekly?weekEnding=${week}`);
      expect(response!.status()).toBe(200);
      const csp = response!.headers()['content-security-policy']!;
      expect(csp).toMatch(/style-src 'self' 'sha256-[A-Za-z0-9+/]+=*'/);
      expect(csp).toContain("script-src 'self'");
      await alice.getByRole('heading', { name: 'Tollgate weekly optimization report' }).waitFor();
      await alice.getByText('2025-02-22 to 2025-02-28').first().waitFor();
      const counts = (await alice.evaluate(CHART_PROBE)) as ChartCounts;
      expect(counts.svgs).toBeGreaterThanOrEqual(5);
      expect(await alice.locator('figure#figure-anomaly-calendar svg[role="img"]').count()).toBe(1);
      // The report's own <style> applied (allowed by its hash): its body is 1000 px wide at most.
      expect(await alice.evaluate('getComputedStyle(document.body).maxWidth')).toBe('1000px');
      expect((await alice.evaluate(TEXT_OVERFLOW_PROBE)) as TextOverflow[]).toEqual([]);
      await alice.screenshot({ path: join(ARTIFACTS, 'weekly-report.png'), fullPage: true });
      expect(refused).toEqual([]);
    } finally {
      alice.off('console', onConsole);
    }
  });

  it('refuses a weekEnding that is not a date with a 400 naming the parameter', async () => {
    for (const [path, value] of [
      ['dashboards', '2025-02-30'],
      ['reports/weekly', 'last-monday'],
      ['dashboards', '2025-3-1'],
    ] as const) {
      const answer = await alice.request.get(`${served.url}${path}?weekEnding=${encodeURIComponent(value)}`);
      expect(answer.status(), `${path} ${value}`).toBe(400);
      expect(await answer.text()).toContain(`weekEnding: &quot;${value}&quot; is not a date; use YYYY-MM-DD`);
    }
  });

  it('refuses a stale page after a re-proposal, with a message saying what changed', async () => {
    const finding = await findingFor(loop.world, WEB);
    const workflowId = `console-stale-${Date.now()}`;
    const first = await loop.env.client.workflow.start('findingWorkflow', {
      workflowId,
      taskQueue: 'tollgate-analysis',
      args: [{ finding, verifyWindowMs: 200, runId: 'console-test' }],
    });
    const seen = await waitFor(first, ['AwaitingApproval']);
    await alice.goto(`${served.url}requests/${workflowId}`);
    await alice.getByText(seen.proposalHash!).waitFor();

    // Re-detected the next day: a new finding id, so a new proposal under the same request id.
    await first.terminate('re-proposed');
    const second = await loop.env.client.workflow.start('findingWorkflow', {
      workflowId,
      taskQueue: 'tollgate-analysis',
      args: [{ finding: { ...finding, id: `${finding.id}-next-day` }, verifyWindowMs: 200, runId: 'console-test' }],
    });
    const now = await waitFor(second, ['AwaitingApproval']);
    expect(now.proposalHash).not.toBe(seen.proposalHash);

    await alice.getByLabel('Reason').fill('approving what I reviewed');
    await alice.getByRole('button', { name: 'Approve', exact: true }).click();
    const answer = await answerIn(alice, '#decision-result');
    expect(answer.ok).toBe(false);
    expect(answer.text).toContain('this page is stale');
    expect(answer.text).toContain(seen.proposalHash!.slice(0, 12));
    expect(answer.text).toContain(now.proposalHash!.slice(0, 12));
    await alice.screenshot({ path: join(ARTIFACTS, 'stale-page-refused.png'), fullPage: true });
    expect((await second.query(pendingQuery)).approvals).toEqual([]);
  });
});
