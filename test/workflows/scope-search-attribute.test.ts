import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { historyFromJSON } from '@temporalio/common/lib/proto-utils.js';
import { Worker } from '@temporalio/worker';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SEARCH_ATTRIBUTES } from '../../core/index.js';
import { findingFor, startFinding, startLoop, waitFor, type Loop } from '../support/loop.js';
import { REPO } from '../support/world.js';

/** A finding naming its account, approved and executed by the workflow code released before TollgateScope existed. */
const RECORDED = join(REPO, 'test/fixtures/histories/finding-with-account-before-scope-attribute.json');

const WEB = 'i-0web0overprov01';

/** The approval queue filtered by account, subscription or project, through the dev server's visibility store. */
describe('the TollgateScope search attribute (real Temporal dev server)', () => {
  let loop: Loop;
  beforeAll(async () => {
    loop = await startLoop();
  });
  afterAll(async () => {
    await loop?.stop();
  });

  it('names the finding account, so a visibility query finds exactly that account’s workflows', async () => {
    const base = await findingFor(loop.world, WEB);
    // The same finding as if read from two AWS accounts, and as findings recorded before they named one.
    const { account: _sandboxAccount, ...unnamed } = base;
    const prod = await startFinding(loop, { ...base, account: '111111111111' });
    const staging = await startFinding(loop, { ...base, account: '222222222222' });
    const noAccount = await startFinding(loop, unnamed);
    for (const handle of [prod, staging, noAccount]) await waitFor(handle, ['AwaitingApproval']);

    expect((await prod.describe()).searchAttributes[SEARCH_ATTRIBUTES.scope]).toEqual(['111111111111']);
    expect((await noAccount.describe()).searchAttributes[SEARCH_ATTRIBUTES.scope]).toBeUndefined();

    const query = `${SEARCH_ATTRIBUTES.scope} = '111111111111' AND ${SEARCH_ATTRIBUTES.state} = 'AwaitingApproval'`;
    const deadline = Date.now() + 20_000;
    let found: string[] = [];
    // Visibility is eventually consistent: poll until the query sees the upsert.
    while (Date.now() < deadline) {
      found = [];
      for await (const w of loop.env.client.workflow.list({ query })) found.push(w.workflowId);
      if (found.length > 0) break;
      await new Promise((r) => setTimeout(r, 250));
    }
    expect(found).toEqual([prod.workflowId]);
    for (const handle of [prod, staging, noAccount]) await handle.terminate('test done');
  });

  it('replays a history recorded before the attribute existed: no upsert where none was recorded', async () => {
    const history = historyFromJSON(JSON.parse(readFileSync(RECORDED, 'utf8')));
    await expect(Worker.runReplayHistory({ workflowBundle: loop.workflowCode }, history)).resolves.toBeUndefined();
  });
});
