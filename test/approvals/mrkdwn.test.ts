import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { approvalBlocks, budgetAlertBlocks, codeBlock, escapeMrkdwn, inlineCode, offHoursFiringBlocks, safe, mention } from '../../approvals/slack/index.js';
import type { PendingView } from '../../core/index.js';

/** Text an attacker controls: arbitrary strings laced with Slack's control syntax. */
const hostile = fc
  .array(
    fc.oneof(
      fc.string(),
      fc.constantFrom(
        '<!channel>',
        '<!here|here>',
        '<@U0BOSS>',
        '<#C0SECRET>',
        '<https://evil.example|Approve>',
        '&lt;',
        '&amp;',
        '&',
        '`',
        '```',
        '@channel',
        '@everyone',
        '\u200b',
      ),
    ),
  )
  .map((parts) => parts.join(''));

/** Undoes Slack's three entities; what Slack would display. */
const shown = (text: string) => text.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');

/** Every `<`, `>` and `&` left in mrkdwn is our own: a policy mention `<@U…>` or one of the three entities. */
function expectNothingUnescaped(mrkdwn: string): void {
  const withoutOurMentions = mrkdwn.replace(/<@U[A-Z0-9_]+>/g, '');
  expect(withoutOurMentions).not.toMatch(/[<>]/);
  expect(withoutOurMentions).not.toMatch(/&(?!amp;|lt;|gt;)/);
}

/** Every text Slack reads as mrkdwn in a message: the fallback `text` and each mrkdwn object. */
function mrkdwnTexts(message: { text: string; blocks: unknown[] }): string[] {
  const out = [message.text];
  const visit = (node: unknown): void => {
    if (Array.isArray(node)) return node.forEach(visit);
    if (node && typeof node === 'object') {
      const record = node as Record<string, unknown>;
      if (record.type === 'mrkdwn' && typeof record.text === 'string') out.push(record.text);
      Object.values(record).forEach(visit);
    }
  };
  visit(message.blocks);
  return out;
}

describe('untrusted text in Slack mrkdwn', () => {
  it('escapeMrkdwn leaves no unescaped <, > or & from the input, and Slack shows the input unchanged', () => {
    fc.assert(
      fc.property(hostile, (input) => {
        const escaped = escapeMrkdwn(input);
        expectNothingUnescaped(escaped);
        expect(escaped).not.toMatch(/@(channel|here|everyone)/i);
        expect(shown(escaped).replace(/\u200b/g, '')).toBe(input.replace(/\u200b/g, ''));
      }),
    );
  });

  it('code spans and blocks cannot be closed from inside', () => {
    fc.assert(
      fc.property(hostile, (input) => {
        expect(inlineCode(input).match(/`/g)).toHaveLength(2);
        expect(codeBlock(input).match(/`/g)).toHaveLength(6);
        expectNothingUnescaped(inlineCode(input));
      }),
    );
  });

  it('safe`…` escapes what it interpolates and keeps only our own mentions', () => {
    fc.assert(
      fc.property(hostile, (input) => {
        const note = safe`Approved by ${mention('U_ALICE')} as ${input}`.mrkdwn;
        expect(note.startsWith('Approved by <@U_ALICE> as ')).toBe(true);
        expectNothingUnescaped(note);
      }),
    );
    // An id that is not a Slack user id is shown, not turned into a mention.
    expect(mention('!channel').mrkdwn).toBe('!channel');
  });

  it('an approval request carries names, tags, model output and reasons as text, never as mentions or links', () => {
    fc.assert(
      fc.property(hostile, hostile, hostile, (name, modelText, reason) => {
        const view: PendingView = {
          workflowId: `finding-${name}`,
          findingId: name,
          state: 'AwaitingApproval',
          summary: `${name} (tag team=${name}) is oversized`,
          proposal: {
            findingId: name,
            action: { type: 'resize', provider: 'aws', resourceId: name, region: name, fromSku: modelText, toSku: modelText },
            rationale: modelText,
            risk: 'low',
            estimatedMonthlySavingsUsd: 10,
            proposer: { kind: 'agent', id: 'rightsizer' },
            source: 'llm',
          },
          proposalHash: 'c'.repeat(64),
          checks: [{ check: 'headroom', version: 1, passed: true, reason: modelText, numbers: { [name]: 1 } }],
          requirement: { required: 2, approvers: { [name]: 'finops', 'second@example.com': 'finops' }, allowedRoles: ['finops'], expiresInMs: 1 },
          approvals: [{ proposalHash: 'c'.repeat(64), decision: 'approve', approver: name, reason, at: '2025-03-03T10:00:00Z', role: 'finops' }],
          outcome: modelText,
          expiresAt: name,
        };
        const message = approvalBlocks({ view, dryRunPlan: modelText, slackIdOf: { 'second@example.com': 'U_SECOND' } }, [
          `Executed: ${modelText}`,
          safe`Approved by ${mention('U_ALICE')} as ${name}`,
        ]);
        for (const text of mrkdwnTexts(message)) expectNothingUnescaped(text);
        // The mentions Tollgate means are still there.
        expect(JSON.stringify(message.blocks)).toContain('<@U_SECOND> (finops)');
        expect(JSON.stringify(message.blocks)).toContain('Approved by <@U_ALICE> as ');
      }),
      { numRuns: 50 },
    );
  });

  it('off-hours and budget messages escape resource ids, refusal reasons and scope keys', () => {
    fc.assert(
      fc.property(hostile, hostile, (name, reason) => {
        const offHours = offHoursFiringBlocks({
          schedule: name,
          phase: 'stop',
          firingId: name,
          vms: [{ resourceId: name, status: 'refused', reasons: [reason] }],
        });
        const budget = budgetAlertBlocks({
          id: name,
          budget: name,
          periodStart: '2025-03-01',
          periodEnd: '2025-03-31',
          asOf: '2025-03-15',
          thresholdPct: 50,
          spentUsd: 1,
          projectedUsd: 2,
          projectedPct: 50,
          budgetUsd: 4,
          scope: { dimension: 'team', key: name },
        });
        for (const text of [...mrkdwnTexts(offHours), ...mrkdwnTexts(budget)]) expectNothingUnescaped(text);
      }),
      { numRuns: 50 },
    );
  });

  it('a model that writes <!channel> and a link gets them shown as text', () => {
    const text = JSON.stringify(
      approvalBlocks({
        view: {
          workflowId: 'wf',
          findingId: 'f',
          state: 'Executed',
          summary: 'ok',
          checks: [],
          approvals: [],
          outcome: 'done <!channel> see <https://evil.example|the runbook> & approve',
        },
      }).blocks,
    );
    expect(text).toContain('done &lt;!channel&gt; see &lt;https://evil.example|the runbook&gt; &amp; approve');
    expect(text).not.toContain('<!channel>');
  });
});

describe('a long escaped text cut to Slack’s limit', () => {
  it('never ends in half an entity', () => {
    for (let pad = 0; pad < 6; pad++) {
      const view: PendingView = { workflowId: 'wf', findingId: 'f', state: 'Executed', summary: 's', checks: [], approvals: [] };
      const [note] = mrkdwnTexts(approvalBlocks({ view }, [`${'x'.repeat(2895 + pad)}${'&'.repeat(10)}`])).slice(-1);
      expectNothingUnescaped(note!);
    }
  });
});
