import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium } from '../support/chromium-browser.js';
import { findingFor, startFinding, startLoop, waitFor, type Loop } from '../support/loop.js';
import { freePort } from '../../runtime/free-port.js';

const WEB = 'i-0web0overprov01';

describe('the Temporal UI as the approval queue', () => {
  let loop: Loop;
  let browser: Awaited<ReturnType<typeof launchChromium>>;
  let uiPort: number;
  beforeAll(async () => {
    uiPort = await freePort();
    [loop, browser] = await Promise.all([startLoop({ uiPort }), launchChromium()]);
  });
  afterAll(async () => {
    await browser?.close();
    await loop?.stop();
  });

  it('finds the pending workflow by TollgateState, sends the decide Update from the UI, and the action executes', async () => {
    // The UI sends unsigned approvals: they count only off production, where the policy turns requireSignatures off.
    loop.world.policy = { ...loop.world.policy, approvals: { ...loop.world.policy.approvals, requireSignatures: false } };
    const handle = await startFinding(loop, await findingFor(loop.world, WEB));
    const pending = await waitFor(handle, ['AwaitingApproval']);
    const page = await browser.context.newPage();
    await page.setViewportSize({ width: 1400, height: 900 });
    const ui = `http://127.0.0.1:${uiPort}/namespaces/default`;

    // The saved-view query from docs/approvals.md lists exactly the pending approvals.
    const query = encodeURIComponent('TollgateState = "AwaitingApproval" AND ExecutionStatus = "Running"');
    await page.goto(`${ui}/workflows?query=${query}`);
    const link = page.getByRole('link', { name: handle.workflowId });
    await link.waitFor({ timeout: 30_000 });
    await link.click();

    page.setDefaultTimeout(20_000);
    await page.getByRole('button', { name: 'More Actions' }).first().click();
    await page.getByRole('menuitem', { name: 'Send an Update' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByTestId('update-select-button').click();
    await dialog.getByRole('option', { name: 'decide' }).click();
    await dialog.locator('.cm-content').click();
    await page.keyboard.insertText(
      JSON.stringify({ proposalHash: pending.proposalHash, decision: 'approve', approver: 'approver@example.com', reason: 'approved in the Temporal UI' }),
    );
    // The editor re-formats its JSON when it loses focus; let it, then submit.
    await dialog.locator('.cm-content').evaluate((editor) => (editor as unknown as { blur(): void }).blur());
    await dialog.getByText('"approved in the Temporal UI"').waitFor();
    await dialog.getByRole('button', { name: 'Submit' }).click();

    const done = await waitFor(handle, ['Executed', 'Aborted', 'RolledBack']);
    expect(done.state).toBe('Executed');
    expect(done.approvals).toMatchObject([{ approver: 'approver@example.com', reason: 'approved in the Temporal UI' }]);
    expect(loop.world.cloud.changesOf(WEB)).toHaveLength(1);

    // The queue view no longer lists it; the state search attribute says what happened.
    await page.goto(`${ui}/workflows?query=${encodeURIComponent(`WorkflowId = "${handle.workflowId}" AND TollgateState = "Executed"`)}`);
    await expect(page.getByRole('link', { name: handle.workflowId }).waitFor({ timeout: 30_000 })).resolves.toBeUndefined();
    await page.close();
  });
});
