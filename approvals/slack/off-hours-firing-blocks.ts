import { escapeMrkdwn as esc, inlineCode } from './mrkdwn.js';

/** A firing's VMs that need a person: refused by the guardrails, or failed in the cloud. */
export interface OffHoursAttention {
  schedule: string;
  phase: 'stop' | 'start';
  firingId: string;
  vms: { resourceId: string; status: 'refused' | 'failed'; reasons: string[] }[];
}

/** An informational message, no buttons: what was not stopped or started, and why. */
export function offHoursFiringBlocks(attention: OffHoursAttention): { text: string; blocks: Record<string, unknown>[] } {
  const verb = attention.phase === 'stop' ? 'stopped' : 'started';
  const text = `Off-hours "${attention.schedule}": ${attention.vms.length} VM(s) not ${verb}`;
  // Resource ids and refusal reasons carry names and tags: escaped, never read as links or mentions.
  const lines = attention.vms.map((vm) => `• ${inlineCode(vm.resourceId)} ${vm.status}: ${esc(vm.reasons.join('; '))}`);
  return {
    text: esc(text),
    blocks: [
      { type: 'header', text: { type: 'plain_text', text: text.slice(0, 150) } },
      { type: 'section', text: { type: 'mrkdwn', text: lines.join('\n').slice(0, 2900) } },
      {
        type: 'context',
        elements: [{ type: 'mrkdwn', text: `${inlineCode(attention.firingId)} · \`tollgate offhours list\` shows every enrollment (docs/remediations.md)` }],
      },
    ],
  };
}
