import { describeRootCause, type AnomalyView } from '../core/index.js';
import type { Policy } from '../guardrails/index.js';
import type { AdfNode, JiraIssueRequest } from './jira-client.js';

const money = (amount: number, currency: string) => `${amount.toLocaleString('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 })} ${currency}`;

/** The project and issue type for an incident: the first of its teams the policy names, else the default; none = no Jira issue. */
export function jiraTargetFor(policy: Policy, teams: readonly string[]): { project: string; issueType: string } | undefined {
  const { jira } = policy.anomalies;
  for (const team of teams) {
    const exact = jira.teams[team];
    if (exact) return exact;
    const key = Object.keys(jira.teams)
      .sort()
      .find((k) => k.trim().toLowerCase() === team.trim().toLowerCase());
    if (key) return jira.teams[key];
  }
  return jira.default;
}

const text = (value: string): AdfNode => ({ type: 'text', text: value });
const strong = (value: string): AdfNode => ({ type: 'text', text: value, marks: [{ type: 'strong' }] });
const paragraph = (...content: AdfNode[]): AdfNode => ({ type: 'paragraph', content });
const bullets = (items: string[]): AdfNode => ({ type: 'bulletList', content: items.map((i) => ({ type: 'listItem', content: [paragraph(text(i))] })) });

/**
 * The Jira issue for an incident: summary and an Atlassian Document Format description with the
 * root cause, the numbers, the explanation (or that it failed) and how to give feedback. Names and
 * tags are text nodes: ADF has no markup to inject.
 */
export function anomalyIssue(view: AnomalyView, target: { project: string; issueType: string }): JiraIssueRequest {
  const i = view.incident;
  const root = describeRootCause(i.rootCause);
  const window = i.start === i.end ? i.start : `${i.start} to ${i.end}${i.ongoing ? ' (ongoing)' : ''}`;
  const content: AdfNode[] = [
    paragraph(strong('Root cause: '), text(root)),
    paragraph(
      strong('Impact: '),
      text(
        `${money(i.impact, i.currency)} above expected (expected ${money(i.expected, i.currency)}, actual ${money(i.actual, i.currency)}), ${window}, severity ${i.severity}, detected by ${i.method}`,
      ),
    ),
    paragraph(strong('Owner: '), text([...view.owners, ...view.teams.map((t) => `team ${t}`)].join(', ') || 'unowned')),
  ];
  if (i.rootCauses.length > 0) {
    content.push(paragraph(strong('Where it moved (first day)')));
    content.push(
      bullets(i.rootCauses.slice(0, 5).map((c) => `${c.dimension}=${c.key}: +${money(c.impact, i.currency)} (${Math.round(c.share * 100)} % of the rise)`)),
    );
  }
  const e = view.explanation;
  if (e) {
    content.push(paragraph(strong(`Why (${e.source === 'llm' ? 'model' : 'deterministic reading'}, likely ${e.likelyCause}): `), text(e.narrative)));
    if (e.failure) content.push(paragraph(text(`The explanation failed (${e.failure}): the facts above are deterministic.`)));
    content.push(paragraph(strong('Next step: '), text(e.nextStep)));
  }
  content.push(paragraph(text(`Feedback: the Slack buttons, or tollgate anomalies feedback ${view.workflowId} expected|unexpected|planned`)));
  return {
    project: target.project,
    issueType: target.issueType,
    // Jira refuses a summary with a line break; bill keys may hold one.
    summary: `Cost anomaly: ${money(i.impact, i.currency)} above expected on ${root}`.replace(/[\r\n\u0085\u2028\u2029]+/g, ' ').slice(0, 255),
    description: { type: 'doc', version: 1, content },
    labels: ['tollgate', 'cost-anomaly', `severity-${i.severity}`],
  };
}
