import { changeOf, describeScope, riskShown, type Finding, type PendingView, type Provider } from '../../core/index.js';
import { asMrkdwn, codeBlock, escapeMrkdwn as esc, inlineCode, mention, type Mrkdwn } from './mrkdwn.js';

/** Everything an approval message shows. The dry-run plan and the finding are optional evidence. */
export interface ApprovalRequest {
  view: PendingView;
  finding?: Finding;
  dryRunPlan?: string;
  owner?: string;
  team?: string;
  /** approver id → Slack user id, to @-mention who may still approve */
  slackIdOf?: Record<string, string>;
}

/** What the buttons carry back: enough to find the workflow and bind the decision to what was shown. */
export interface ButtonValue {
  workflowId: string;
  proposalHash: string;
}

export const ACTION_IDS = { approve: 'tollgate_approve', reject: 'tollgate_reject', snooze: 'tollgate_snooze' } as const;
export const REJECT_MODAL_ID = 'tollgate_reject_reason';
export const REASON_BLOCK = 'reason';
export const REASON_INPUT = 'reason_input';

type Block = Record<string, unknown>;

const mrkdwn = (text: string) => ({ type: 'mrkdwn', text });
const section = (text: string): Block => ({ type: 'section', text: mrkdwn(text) });
const context = (text: string): Block => ({ type: 'context', elements: [mrkdwn(text)] });
const usd = (n: number) => `$${n.toLocaleString('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 })}`;
const pct = (n: number) => `${n.toFixed(1)}%`;

/** Slack shows at most 3000 characters per text field; a cut never splits an escaped entity. */
function clip(text: string, max = 2900): string {
  return text.length > max ? `${text.slice(0, max).replace(/&[a-z]{0,3}$/, '')}…` : text;
}

/** The cloud, account/subscription/project and region: from the view, else the finding, else the action. */
function whereShown(view: ApprovalRequest['view'], finding: ApprovalRequest['finding'], action: { provider: Provider; region: string } | undefined): string {
  const scope = view.scope ?? (finding ? { provider: finding.provider, account: finding.account, region: finding.region } : undefined);
  if (scope) return describeScope(scope);
  return `${action?.provider ?? '?'}, ${action?.region ?? '?'}`;
}

/** "(list price, catalog 2026-07-20)": the price evidence beside the savings, when the view has it. */
function priceNote(view: ApprovalRequest['view']): string {
  if (!view.pricing) return '';
  return ` _(${esc(view.pricing.source)}${view.pricing.catalogDate ? `, catalog ${esc(view.pricing.catalogDate)}` : ''})_`;
}

/** Every text from the view, the finding or the notes is escaped for mrkdwn (mrkdwn.ts); only our own Mrkdwn notes pass as is. */
export function approvalBlocks(request: ApprovalRequest, notes: (string | Mrkdwn)[] = []): { text: string; blocks: Block[] } {
  const { view, finding } = request;
  const proposal = view.proposal;
  const action = proposal?.action;
  const change = action ? changeOf(action) : 'no action';
  const savings = proposal ? usd(proposal.estimatedMonthlySavingsUsd) : 'n/a';
  const text = esc(`Approval needed: ${action?.resourceId ?? view.findingId} ${change}, saves ${savings}/month`);
  const blocks: Block[] = [
    { type: 'header', text: { type: 'plain_text', text: clip(`Approval needed: ${change}`, 150) } },
    section(clip(`*${esc(view.summary)}*\n${esc(proposal?.rationale ?? '')}${proposal?.fallback ? `\n_fallback: ${esc(proposal.fallback.detail)}_` : ''}`)),
    {
      type: 'section',
      fields: [
        mrkdwn(`*Resource*\n${inlineCode(action?.resourceId ?? '?')} (${esc(whereShown(view, finding, action))})`),
        mrkdwn(action?.type === 'resize' ? `*Current → target SKU*\n${inlineCode(action.fromSku)} → ${inlineCode(action.toSku)}` : `*Change*\n${esc(change)}`),
        mrkdwn(`*Monthly savings*\n${savings}${priceNote(view)}`),
        mrkdwn(`*Risk*\n${riskShown(view)}`),
      ],
    },
  ];
  // The finding travels with the first post only; the view carries the same evidence into every update.
  const u = finding?.utilization ?? view.utilization;
  if (u) {
    const memory = u.memory ? ` · memory P95 ${pct(u.memory.p95)}, P99 ${pct(u.memory.p99)}` : ' · memory not reported';
    blocks.push(
      section(
        `*Utilization* over ${u.hoursObserved.toFixed(0)} h (${esc(u.from.slice(0, 10))} → ${esc(u.to.slice(0, 10))})\nCPU P50 ${pct(u.cpu.p50)} · P95 ${pct(u.cpu.p95)} · P99 ${pct(u.cpu.p99)} · P99.5 ${pct(u.cpu.p995)} · max ${pct(u.cpu.max)}${memory}`,
      ),
    );
  }
  if (view.checks.length > 0) {
    const lines = view.checks.map((c) => {
      const numbers = Object.entries(c.numbers)
        .map(([k, v]) => esc(`${k}=${v}`))
        .join(', ');
      return `${c.passed ? ':white_check_mark:' : ':x:'} ${inlineCode(`${c.check}@${c.version}`)} ${esc(c.reason)}${numbers ? ` _(${numbers})_` : ''}`;
    });
    blocks.push(section(clip(`*Checks*\n${lines.join('\n')}`)));
  }
  const plan = request.dryRunPlan ?? view.plan?.steps.join('\n');
  if (plan) blocks.push(section(clip(`*Dry-run plan*\n${codeBlock(plan)}`)));
  blocks.push(section(approvalStatusLine(request)));
  if (view.state === 'AwaitingApproval' && view.proposalHash) {
    const value = JSON.stringify({ workflowId: view.workflowId, proposalHash: view.proposalHash } satisfies ButtonValue);
    blocks.push({
      type: 'actions',
      block_id: 'tollgate_decision',
      elements: [
        { type: 'button', action_id: ACTION_IDS.approve, style: 'primary', text: { type: 'plain_text', text: 'Approve' }, value },
        { type: 'button', action_id: ACTION_IDS.reject, style: 'danger', text: { type: 'plain_text', text: 'Reject…' }, value },
        { type: 'button', action_id: ACTION_IDS.snooze, text: { type: 'plain_text', text: 'Snooze' }, value },
      ],
    });
  }
  const footer = [
    inlineCode(view.workflowId),
    view.proposalHash ? `proposal ${inlineCode(view.proposalHash.slice(0, 12))}` : '',
    view.expiresAt ? `expires ${esc(view.expiresAt)}` : '',
  ];
  blocks.push(context(footer.filter(Boolean).join(' · ')));
  for (const note of notes) blocks.push(context(clip(asMrkdwn(note))));
  return { text, blocks };
}

/** Who approved, who rejected, and who must still approve. */
export function approvalStatusLine(request: ApprovalRequest): string {
  const { view } = request;
  const decided = view.approvals.map(
    (a) => `${a.decision === 'approve' ? ':white_check_mark:' : ':no_entry:'} ${esc(`${a.approver} (${a.role})${a.reason ? `: ${a.reason}` : ''}`)}`,
  );
  const required = view.requirement?.required ?? 1;
  const approved = view.approvals.filter((a) => a.decision === 'approve').length;
  if (view.state !== 'AwaitingApproval')
    return `*Decisions*\n${decided.join('\n') || 'none'}\n*State:* ${esc(`${view.state}${view.outcome ? ` — ${view.outcome}` : ''}`)}`;
  const eligible = Object.entries(view.requirement?.approvers ?? {})
    .filter(
      ([id, role]) => view.requirement?.allowedRoles.includes(role) && id !== view.proposal?.proposer.id && !view.approvals.some((a) => a.approver === id),
    )
    .map(([id, role]) => (request.slackIdOf?.[id] ? `${mention(request.slackIdOf[id]).mrkdwn} (${esc(role)})` : esc(`${id} (${role})`)));
  const missing = Math.max(0, required - approved);
  return [
    `*Approvals:* ${approved} of ${required}${required > 1 ? ' (production: two distinct approvers)' : ''}`,
    ...decided,
    missing > 0 ? `*Still needed:* ${missing} more from ${eligible.join(', ') || 'an approver in the policy'}` : '',
  ]
    .filter(Boolean)
    .join('\n');
}

/** The modal that asks for a rejection reason; private_metadata carries the message it came from. */
export function rejectModal(metadata: ButtonValue & { channel: string; ts: string }): Record<string, unknown> {
  return {
    type: 'modal',
    callback_id: REJECT_MODAL_ID,
    private_metadata: JSON.stringify(metadata),
    title: { type: 'plain_text', text: 'Reject proposal' },
    submit: { type: 'plain_text', text: 'Reject' },
    close: { type: 'plain_text', text: 'Cancel' },
    blocks: [
      {
        type: 'input',
        block_id: REASON_BLOCK,
        label: { type: 'plain_text', text: 'Why? The reason goes to the audit log and the proposer.' },
        element: { type: 'plain_text_input', action_id: REASON_INPUT, multiline: true, min_length: 3 },
      },
    ],
  };
}
