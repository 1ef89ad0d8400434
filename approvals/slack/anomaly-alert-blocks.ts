import { describeRootCause, type AnomalyVerdict, type AnomalyView } from '../../core/index.js';
import { escapeMrkdwn as esc, inlineCode } from './mrkdwn.js';

/** The feedback buttons' action ids; each carries `{ workflowId, verdict }`. */
export const ANOMALY_ACTION_IDS: Record<AnomalyVerdict, string> = {
  expected: 'tollgate_anomaly_expected',
  unexpected: 'tollgate_anomaly_unexpected',
  planned: 'tollgate_anomaly_planned',
};

export interface AnomalyButtonValue {
  workflowId: string;
  verdict: AnomalyVerdict;
}

type Block = Record<string, unknown>;

const money = (amount: number, currency: string) => {
  try {
    return amount.toLocaleString('en-US', { style: 'currency', currency, minimumFractionDigits: 2, maximumFractionDigits: 2 });
  } catch {
    return `${amount.toFixed(2)} ${currency}`;
  }
};

/** Slack shows at most 3000 characters per text field. */
const clip = (text: string, max = 2900) => (text.length > max ? `${text.slice(0, max).replace(/&[a-z]{0,3}$/, '')}…` : text);

/** "Spend on service=…, resource=… rose $412.00 (+25.0 %) above expected, 2025-03-04 → 2025-03-04". */
export function anomalyHeadline(view: Pick<AnomalyView, 'incident'>): string {
  const i = view.incident;
  const pct = i.expected > 0 ? ` (+${((i.impact / i.expected) * 100).toFixed(1)} %)` : '';
  const window = i.start === i.end ? i.start : `${i.start} → ${i.end}${i.ongoing ? ' (ongoing)' : ''}`;
  return `Spend on ${describeRootCause(i.rootCause)} rose ${money(i.impact, i.currency)}${pct} above expected, ${window}`;
}

/**
 * A cost incident's alert: the root cause and numbers (deterministic), the explanation (the
 * model's, or a note that it failed), and Expected / Unexpected / Planned buttons while feedback
 * is awaited. Every text from tags, names and the model is escaped.
 */
export function anomalyAlertBlocks(view: AnomalyView, notes: string[] = []): { text: string; blocks: Block[] } {
  const i = view.incident;
  const headline = anomalyHeadline(view);
  const blocks: Block[] = [
    { type: 'header', text: { type: 'plain_text', text: `Cost anomaly (${i.severity}): ${money(i.impact, i.currency)} above expected`.slice(0, 150) } },
    { type: 'section', text: { type: 'mrkdwn', text: clip(`*${esc(headline)}*`) } },
    {
      type: 'section',
      fields: [
        { type: 'mrkdwn', text: `*Root cause*\n${esc(describeRootCause(i.rootCause))}` },
        { type: 'mrkdwn', text: `*Expected → actual*\n${money(i.expected, i.currency)} → ${money(i.actual, i.currency)}` },
        { type: 'mrkdwn', text: `*Owner*\n${esc([...view.owners, ...view.teams.map((t) => `team ${t}`)].join(', ') || 'unowned')}` },
        { type: 'mrkdwn', text: `*Detected by*\n${esc(i.method)}` },
      ],
    },
  ];
  const ranked = i.rootCauses
    .slice(0, 5)
    .map((c) => `• ${esc(`${c.dimension}=${c.key}`)}: +${money(c.impact, i.currency)} (${Math.round(c.share * 100)} % of the rise)`);
  if (ranked.length > 0) blocks.push({ type: 'section', text: { type: 'mrkdwn', text: clip(`*Where it moved* (first day)\n${ranked.join('\n')}`) } });
  const e = view.explanation;
  if (e) {
    const failed = e.failure ? `\n_The explanation failed (${esc(e.failure)}): the facts above are deterministic._` : '';
    blocks.push({
      type: 'section',
      text: {
        type: 'mrkdwn',
        text: clip(`*Why* (${e.source === 'llm' ? 'model' : 'deterministic reading'}, likely ${esc(e.likelyCause)})\n${esc(e.narrative)}${failed}`),
      },
    });
    blocks.push({ type: 'section', text: { type: 'mrkdwn', text: clip(`*Next step*\n${esc(e.nextStep)}`) } });
  }
  if (view.state === 'AwaitingFeedback') {
    const button = (verdict: AnomalyVerdict, text: string, style?: string): Block => ({
      type: 'button',
      action_id: ANOMALY_ACTION_IDS[verdict],
      text: { type: 'plain_text', text },
      value: JSON.stringify({ workflowId: view.workflowId, verdict } satisfies AnomalyButtonValue),
      ...(style ? { style } : {}),
    });
    blocks.push({
      type: 'actions',
      block_id: 'tollgate_anomaly_feedback',
      elements: [button('expected', 'Expected'), button('unexpected', 'Unexpected', 'danger'), button('planned', 'Planned')],
    });
  } else if (view.feedback) {
    const f = view.feedback;
    blocks.push({ type: 'section', text: { type: 'mrkdwn', text: clip(`*Feedback:* ${esc(`${f.verdict} by ${f.by}${f.note ? `: ${f.note}` : ''}`)}`) } });
  }
  const footer = [
    inlineCode(view.workflowId),
    view.delivery?.jira ? `Jira ${inlineCode(view.delivery.jira.key)}` : '',
    view.feedbackBy ? `feedback by ${esc(view.feedbackBy)}` : '',
  ];
  blocks.push({ type: 'context', elements: [{ type: 'mrkdwn', text: footer.filter(Boolean).join(' · ') }] });
  for (const note of notes) blocks.push({ type: 'context', elements: [{ type: 'mrkdwn', text: clip(esc(note)) }] });
  return { text: esc(`Cost anomaly: ${headline}`), blocks };
}
